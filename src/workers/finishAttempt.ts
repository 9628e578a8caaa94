/**
 * Once a verification attempt has a final answer (or none will come), its evidence is deleted
 * (retention 0 by default) or a purge is scheduled, and the vendor is asked to purge its copy.
 * An attempt sent to a person keeps its evidence (encrypted) until the reviewer decides, so the
 * reviewer decides with the images (`keepForReview`); the decision, or the recovery's expiry,
 * finishes it. Idempotent: safe to repeat when a job is redelivered after a crash.
 */
import type { AppContext } from '../context';
import { readAttempt, type AttemptState } from '../recovery/verificationRecord';
import { scheduleTimer } from './queues';

/** `known`: the attempt's records when the caller has read them already (they are read otherwise). */
export async function finishAttempt(
  ctx: AppContext,
  recoveryId: string,
  attempt: number,
  known?: AttemptState,
  options: { keepForReview?: boolean } = {},
): Promise<void> {
  const { record, vendor } = known ?? (await readAttempt(ctx, recoveryId, attempt));
  if (record && !options.keepForReview) {
    const retention = ctx.config.EVIDENCE_RETENTION_SECONDS * 1000;
    if (retention === 0) await ctx.evidence.remove(record.objectKeys);
    else {
      const now = ctx.clock.now();
      await scheduleTimer(ctx.queues, { type: 'evidence-purge', recoveryId, objectKeys: record.objectKeys, dueAt: now + retention }, now);
    }
  }
  const provider = vendor ? ctx.providers[vendor.provider] : undefined;
  if (vendor && provider) {
    await provider
      .purge(vendor.vendorRef)
      .catch((err: unknown) => ctx.logger.warn({ recoveryId, attempt, err: String(err) }, 'vendor purge failed; vendor retention applies'));
  }
}
