/**
 * The append-only audit trail: one hash-chained Redis stream per deployment (stores/auditStore.ts,
 * docs/audit.md). Transitions are appended atomically with the state change
 * (recovery/transitions.ts); the steps between transitions are appended here.
 * Entries never hold biometric data or secrets: ids, outcomes, scores and reason codes only.
 */
import type { AppContext } from '../context';
import type { ChainContent } from '../crypto/auditChain';
import type { Actor } from '../recovery/transitionTypes';
import type { SideWrite } from '../stores/recoveryStore';

export type AuditType =
  | 'recovery.started'
  | 'evidence.received'
  | 'verification.submitted'
  | 'verification.verdict'
  | 'account.matched'
  | 'account.not_matched'
  | 'access_pass.issued'
  | 'access_pass.redeemed'
  | 'access_pass.redeem_failed'
  | 'passkey.registered'
  | 'passkey.rejected'
  | 'passkey.revoked'
  | 'passkey.reinstated'
  | 'recovery.completed'
  | 'recovery.cancelled'
  | 'review.decided'
  | 'admin.user_changed'
  | 'admin.profile_changed'
  | 'helpdesk.link_created'
  | 'notification.sent'
  | 'recovery.repudiated'
  | 'review.opened'
  | 'safety.account_locked'
  | 'safety.lock_cleared'
  | 'safety.self_service_blocked'
  | 'claim_hook.called'
  | 'claim_check.decided'
  | (string & {});

export interface AuditEntry {
  type: AuditType;
  actor: Actor | (string & {});
  recoveryId?: string;
  /** Directory username the entry concerns, when known (never revealed to claimants). */
  username?: string;
  data?: Record<string, unknown>;
}

function fields(ctx: AppContext, entry: AuditEntry): ChainContent {
  return {
    type: entry.type,
    recoveryId: entry.recoveryId ?? '',
    username: entry.username ?? '',
    actor: entry.actor,
    at: String(ctx.clock.now()),
    data: JSON.stringify(entry.data ?? {}),
  };
}

/** Appends one entry to the hash-chained trail (stores/auditStore.ts). */
export async function appendAudit(ctx: AppContext, entry: AuditEntry): Promise<void> {
  await ctx.audit.append([fields(ctx, entry)]);
}

/** The same entry as a side write of a state change, so the two are recorded atomically. */
export function auditSideWrite(ctx: AppContext, entry: AuditEntry): SideWrite {
  return { kind: 'audit', entry: fields(ctx, entry) };
}

/** The entry's content, for a write that appends it in a script of its own. */
export function auditFields(ctx: AppContext, entry: AuditEntry): ChainContent {
  return fields(ctx, entry);
}
