/**
 * Review cases in Redis: one JSON record per recovery and a pending index (sorted by when the
 * case was opened). A case whose recovery left `in_review` some other way (expired, cancelled by
 * the owner) drops out of the pending list the next time it is read.
 */
import type { AppContext } from '../context';
import { view } from '../../flows/transition';
import { ReviewCaseSchema, type ReviewCase } from './reviewCase';
import type { SideWrite } from '../stores/recoveryStore';

/** Cases are kept as long as recovery records, for the audit of decisions. */
const CASE_TTL_MS = 30 * 24 * 3_600_000;

const caseKey = (ctx: AppContext, id: string) => `${ctx.config.REDIS_PREFIX}:review:case:${id}`;
const pendingKey = (ctx: AppContext) => `${ctx.config.REDIS_PREFIX}:review:pending`;

/**
 * The case and its place in the pending list, as side writes of the move to `in_review`: a
 * recovery is never in review without a case reviewers can see.
 */
export function openReviewWrites(ctx: AppContext, c: ReviewCase): SideWrite[] {
  return [
    { key: caseKey(ctx, c.recoveryId), value: JSON.stringify(c), ttlMs: CASE_TTL_MS },
    { kind: 'zadd', key: pendingKey(ctx), score: c.openedAt, member: c.recoveryId },
  ];
}

export async function getReview(ctx: AppContext, id: string): Promise<ReviewCase | null> {
  const raw = await ctx.redis.get(caseKey(ctx, id));
  return raw ? ReviewCaseSchema.parse(JSON.parse(raw)) : null;
}

/** Oldest first: the longest-waiting claimant is served first. */
export async function listPending(ctx: AppContext, limit: number): Promise<ReviewCase[]> {
  const ids = await ctx.redis.zrange(pendingKey(ctx), '0', String(limit - 1));
  const cases: ReviewCase[] = [];
  for (const id of ids) {
    const [c, record] = await Promise.all([getReview(ctx, id), ctx.recoveries.get(id)]);
    if (c && record && view(record.snapshot).status === 'in_review') cases.push(c);
    else await ctx.redis.zrem(pendingKey(ctx), id);
  }
  return cases;
}

export async function closeReview(ctx: AppContext, c: ReviewCase): Promise<void> {
  await ctx.redis.multi()
    .set(caseKey(ctx, c.recoveryId), JSON.stringify(c), 'PX', CASE_TTL_MS)
    .zrem(pendingKey(ctx), c.recoveryId)
    .exec();
}
