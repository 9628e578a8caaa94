/**
 * Review cases (stored by stores/reviewCaseStore.ts): one record per recovery and a pending list,
 * oldest case first. A case whose recovery left `in_review` some other way (expired, cancelled by
 * the owner) drops out of the pending list the next time it is read.
 */
import type { AppContext } from '../context';
import { view } from '../../flows/transition';
import { ReviewCaseSchema, type ReviewCase } from './reviewCase';
import type { SideWrite } from '../stores/recoveryStore';

/**
 * The case and its place in the pending list, as side writes of the move to `in_review`: a
 * recovery is never in review without a case reviewers can see.
 */
export function openReviewWrites(ctx: AppContext, c: ReviewCase): SideWrite[] {
  return ctx.reviewCases.openWrites(c.recoveryId, c.openedAt, JSON.stringify(c));
}

export async function getReview(ctx: AppContext, id: string): Promise<ReviewCase | null> {
  const raw = await ctx.reviewCases.read(id);
  return raw ? ReviewCaseSchema.parse(JSON.parse(raw)) : null;
}

/** Oldest first: the longest-waiting claimant is served first. */
export async function listPending(ctx: AppContext, limit: number): Promise<ReviewCase[]> {
  const ids = await ctx.reviewCases.pendingIds(limit);
  const cases: ReviewCase[] = [];
  for (const id of ids) {
    const [c, record] = await Promise.all([getReview(ctx, id), ctx.recoveries.get(id)]);
    if (c && record && view(record.snapshot).status === 'in_review') cases.push(c);
    else await ctx.reviewCases.dropPending(id);
  }
  return cases;
}

export async function closeReview(ctx: AppContext, c: ReviewCase): Promise<void> {
  await ctx.reviewCases.close(c.recoveryId, JSON.stringify(c));
}
