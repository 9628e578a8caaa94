/**
 * Durable timers. A timer that fires before its due time on the injected clock is parked again,
 * so tests move the clock and promote the job instead of sleeping.
 */
import { DelayedError, type Job } from 'bullmq';
import type { AppContext } from '../context';
import type { RecoveryEvent } from '../../flows/recoveryMachine';
import { advance } from '../recovery/advance';
import { finishAttempt } from './finishAttempt';
import { TimerJobSchema, type TimerJob } from './queues';
import { lastLook, watchEnrollment } from './enrollmentWatch';
import { undoAtTarget } from './targetUndo';
import { remediateAfterCompletion } from '../risk/remediate';

/** How long an expiring pass waits for the watch to complete a recovery whose passkey was just found. */
const LAST_LOOK_WAIT_MS = 30_000;

export function timerProcessor(ctx: AppContext) {
  return async (job: Job<TimerJob>, token?: string): Promise<string> => {
    const data = TimerJobSchema.parse(job.data);
    const early = data.dueAt - ctx.clock.now();
    if (early > 0) {
      await job.moveToDelayed(Date.now() + early, token);
      throw new DelayedError();
    }
    if (data.type === 'enrollment-watch') return watchEnrollment(ctx, job, data, token);
    if (
      data.type === 'access-pass-expiry' &&
      ctx.credentials.kind !== 'builtin' &&
      !data.lastLook &&
      (await lastLook(ctx, data.recoveryId).catch(() => false))
    ) {
      // A passkey is there: the watch completes the recovery; this expiry then finds it completed.
      await job.updateData({ ...data, lastLook: true });
      await job.moveToDelayed(Date.now() + LAST_LOOK_WAIT_MS, token);
      throw new DelayedError();
    }
    if (data.type === 'target-undo') return undoAtTarget(ctx, data);
    if (data.type === 'risk-remediation') return remediateAfterCompletion(ctx, data);
    if (data.type === 'evidence-purge') {
      await ctx.evidence.remove(data.objectKeys);
      return 'purged';
    }
    const now = ctx.clock.now();
    const grace = lateSendGraceMs(ctx);
    const event: RecoveryEvent =
      data.type === 'recovery-expiry'
        ? { type: 'EXPIRE' }
        : data.type === 'access-pass-expiry'
          ? { type: 'ACCESS_PASS_EXPIRED' }
          : { type: 'VERIFICATION_UNANSWERED', attempt: data.attempt, reason: 'verification_timeout', sentBefore: now - grace };
    const result = await advance(ctx, data.recoveryId, event, 'timer');
    const sentAt = result.view?.context.sendStartedAt;
    if (
      !result.applied &&
      data.type === 'verification-timeout' &&
      result.view?.status === 'verifying' &&
      result.view.context.attempt === data.attempt &&
      sentAt != null
    ) {
      // Evidence left for a vendor just now: give its answer the grace before closing the attempt.
      await job.moveToDelayed(Date.now() + Math.max(1, sentAt + grace - now), token);
      throw new DelayedError();
    }
    if (result.applied && result.view && data.type !== 'access-pass-expiry') {
      await finishAttempt(ctx, data.recoveryId, data.type === 'verification-timeout' ? data.attempt : result.view.context.attempt);
    }
    if (result.applied && data.type === 'access-pass-expiry' && result.record) await ctx.accessPasses.revoke(result.record.meta.username);
    return result.applied ? 'applied' : 'ignored';
  };
}

/**
 * How long after evidence last left for a vendor the verification time-out waits before closing
 * the attempt: the vendor was just paid, so its answer is given a chance (at most 2 minutes, and
 * never longer than the time-out itself).
 */
export function lateSendGraceMs(ctx: AppContext): number {
  return Math.min(120_000, ctx.config.VERIFICATION_TIMEOUT_SECONDS * 1000);
}
