/**
 * After a reviewer's decision the case's evidence goes the way of every other attempt's: deleted
 * (or kept for EVIDENCE_RETENTION_SECONDS, then deleted) by a durable purge job in the workers, so
 * a crash between the decision and the deletion still deletes it, and the API never calls a vendor.
 */
import type { AppContext } from '../context';
import { readAttempt } from '../recovery/verificationRecord';

export async function releaseReviewEvidence(ctx: AppContext, recoveryId: string, attempt: number): Promise<void> {
  const { record } = await readAttempt(ctx, recoveryId, attempt);
  if (!record) return;
  const now = ctx.clock.now();
  await ctx.jobs.scheduleTimer(
    {
      type: 'evidence-purge',
      recoveryId,
      objectKeys: record.objectKeys,
      dueAt: now + ctx.config.EVIDENCE_RETENTION_SECONDS * 1000,
    },
    now,
  );
}
