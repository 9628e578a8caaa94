/**
 * The append-only audit trail: one Redis stream per deployment. Transitions are appended atomically
 * with the state change (recovery/transitions.ts); the steps between transitions are appended here.
 * Entries never hold biometric data or secrets: ids, outcomes, scores and reason codes only.
 */
import type { AppContext } from '../context';
import { AUDIT_STREAM_MAXLEN, auditStreamKey, type Actor } from '../recovery/transitions';
import type { SideWrite } from '../stores/recoveryStore';

export type AuditType =
  | 'recovery.started' | 'evidence.received' | 'verification.submitted' | 'verification.verdict'
  | 'account.matched' | 'account.not_matched' | 'access_pass.issued' | 'access_pass.redeemed'
  | 'access_pass.redeem_failed' | 'passkey.registered' | 'passkey.rejected' | 'passkey.revoked' | 'passkey.reinstated' | 'recovery.completed'
  | 'recovery.cancelled' | 'review.decided' | 'admin.user_changed' | 'admin.profile_changed'
  | 'helpdesk.link_created' | 'notification.sent' | 'recovery.repudiated' | 'review.opened'
  | 'safety.account_locked' | 'safety.lock_cleared' | 'safety.self_service_blocked' | (string & {});

export interface AuditEntry {
  type: AuditType;
  actor: Actor | string;
  recoveryId?: string;
  /** Directory username the entry concerns, when known (never revealed to claimants). */
  username?: string;
  data?: Record<string, unknown>;
}

function fields(ctx: AppContext, entry: AuditEntry): Record<string, string> {
  return {
    type: entry.type, recoveryId: entry.recoveryId ?? '', username: entry.username ?? '',
    actor: entry.actor, at: String(ctx.clock.now()), data: JSON.stringify(entry.data ?? {}),
  };
}

export async function appendAudit(ctx: AppContext, entry: AuditEntry): Promise<void> {
  await ctx.redis.xadd(auditStreamKey(ctx), 'MAXLEN', '~', String(AUDIT_STREAM_MAXLEN), '*', ...Object.entries(fields(ctx, entry)).flat());
}

/** The same entry as a side write of a state change, so the two are recorded atomically. */
export function auditSideWrite(ctx: AppContext, entry: AuditEntry): SideWrite {
  return { kind: 'xadd', key: auditStreamKey(ctx), maxLen: AUDIT_STREAM_MAXLEN, fields: fields(ctx, entry) };
}

/** The entry's stream fields, for a write that appends it in a script of its own. */
export function auditFields(ctx: AppContext, entry: AuditEntry): Record<string, string> {
  return fields(ctx, entry);
}
