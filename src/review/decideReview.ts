/**
 * A reviewer's decision on a case, with a written reason (required, audited). Approval continues
 * the journey (`REVIEW_APPROVED` → `access_pass_issued`, the pass then shown once to the claimant);
 * rejection ends it (`REVIEW_REJECTED` → `rejected`, reason `review_rejected`).
 */
import type { AppContext } from '../context';
import { errors } from '../errors';
import { advance } from '../recovery/advance';
import type { Actor } from '../recovery/transitionTypes';
import { appendAudit } from '../audit/auditLog';
import { closeReview, getReview } from './reviewStore';
import { releaseReviewEvidence } from './releaseEvidence';

export interface ReviewInput {
  decision: 'approve' | 'reject';
  reason: string;
}

export async function decideReview(ctx: AppContext, id: string, input: ReviewInput, reviewer: Actor): Promise<{ id: string; status: string }> {
  const record = await ctx.recoveries.get(id);
  if (!record) throw errors.recoveryNotFound();
  const event = input.decision === 'approve' ? { type: 'REVIEW_APPROVED' as const } : { type: 'REVIEW_REJECTED' as const };
  const moved = await advance(ctx, id, event, reviewer);
  if (!moved.applied || !moved.view) throw errors.notInReview(moved.view?.status ?? 'unknown');
  const outcome = input.decision === 'approve' ? 'approved' as const : 'rejected' as const;
  const at = ctx.clock.now();
  const c = await getReview(ctx, id);
  if (c) await closeReview(ctx, { ...c, decision: { outcome, reason: input.reason, reviewer, at } });
  if (c) await releaseReviewEvidence(ctx, id, c.attempt);
  await appendAudit(ctx, {
    type: 'review.decided', recoveryId: id, username: record.meta.username, actor: reviewer,
    data: { outcome, reason: input.reason, attempt: c?.attempt ?? null, grounds: c?.grounds ?? [] },
  });
  return { id, status: moved.view.status };
}
