/**
 * Counts rejected recoveries per account (the username as given, so unknown names behave the same)
 * and, when the count crosses LOCKOUT_FAILED_RECOVERIES, locks self-service and tells the help desk:
 * an audit entry and an outbox message to HELPDESK_NOTIFY_EMAIL. Cancellations by the owner are not
 * failures of the claimant and are not counted.
 */
import type { AppContext } from '../context';
import type { TransitionListener } from '../recovery/transitionTypes';
import { appendAudit } from '../audit/auditLog';
import { enqueueNotification } from '../notifications/enqueue';
import { recordFailedRecovery } from './lockout';

export function lockoutOnFailure(ctx: AppContext): TransitionListener {
  return async (notice) => {
    if (notice.to !== 'rejected' || notice.reason === 'cancelled') return;
    const lock = await recordFailedRecovery(ctx, notice.meta.username, notice.recoveryId);
    if (!lock) return;
    await appendAudit(ctx, {
      type: 'safety.account_locked', recoveryId: notice.recoveryId, username: notice.meta.username, actor: 'system',
      data: { reason: lock.reason, until: lock.until, failures: ctx.config.LOCKOUT_FAILED_RECOVERIES, windowHours: ctx.config.LOCKOUT_WINDOW_HOURS },
    });
    await enqueueNotification(ctx, {
      kind: 'helpdesk_alert', alert: 'account_locked', outcome: 'locked', username: notice.meta.username,
      recoveryId: notice.recoveryId, until: lock.until, at: lock.since,
    });
  };
}
