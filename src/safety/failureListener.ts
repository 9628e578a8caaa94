/**
 * Counts each rejected recovery against its source and, on signs of attack, against the account
 * (safety/lockout.ts). A paused source is audited; a locked account is audited and told to the
 * help desk (an outbox message to HELPDESK_NOTIFY_EMAIL) and to the owner, with the way back
 * (the help desk can still send a link). Cancellations by the owner are not failures of the
 * claimant and are not counted.
 */
import type { AppContext } from '../context';
import type { TransitionListener } from '../recovery/transitionTypes';
import { appendAudit } from '../audit/auditLog';
import { enqueueNotification } from '../notifications/enqueue';
import { recordFailedRecovery } from './lockout';

export function lockoutOnFailure(ctx: AppContext): TransitionListener {
  return async (notice) => {
    if (notice.to !== 'rejected' || notice.reason === 'cancelled') return;
    const { username, source } = notice.meta;
    const outcome = await recordFailedRecovery(ctx, { username, recoveryId: notice.recoveryId, source, reason: notice.reason });
    if (outcome.sourcePause) {
      await appendAudit(ctx, {
        type: 'safety.source_paused',
        recoveryId: notice.recoveryId,
        username,
        actor: 'system',
        data: { source, until: outcome.sourcePause.until, failures: ctx.config.LOCKOUT_FAILED_RECOVERIES, windowHours: ctx.config.LOCKOUT_WINDOW_HOURS },
      });
    }
    const lock = outcome.accountLock;
    if (!lock) return;
    await appendAudit(ctx, {
      type: 'safety.account_locked',
      recoveryId: notice.recoveryId,
      username,
      actor: 'system',
      data: { reason: lock.reason, until: lock.until, sources: ctx.config.LOCKOUT_ATTACK_SOURCES, windowHours: ctx.config.LOCKOUT_WINDOW_HOURS },
    });
    const alert = { username, recoveryId: notice.recoveryId, until: lock.until, at: lock.since };
    await enqueueNotification(ctx, { kind: 'helpdesk_alert', alert: 'account_locked', outcome: 'locked', ...alert });
    await enqueueNotification(ctx, { kind: 'owner_alert', alert: 'self_service_locked', ...alert });
  };
}
