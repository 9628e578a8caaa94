/**
 * The trusted-referee API (NIST SP 800-63A-4 §3.1.13): reviewers (REVIEWER_API_KEY) list the
 * pending cases with the vendor's decision, scores and reason codes, and approve or reject each
 * with a written reason, looking at the images: a case keeps its evidence (encrypted) until the
 * decision, then it is deleted like any other (after EVIDENCE_RETENTION_SECONDS, 0 by default).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { errors } from '../../errors';
import { view } from '../../../flows/transition';
import { evidenceParts } from '../../stores/evidenceStore';
import { readVerification } from '../../recovery/verificationRecord';
import type { Actor } from '../../recovery/transitionTypes';
import { ReviewCaseSchema, type ReviewCase } from '../../review/reviewCase';
import { getReview, listPending } from '../../review/reviewCases';
import { decideReview } from '../../review/decideReview';
import { requireRole } from '../apiKeys';
import { parseInput, requireJson, send } from '../validate';

export const ReviewCaseView = ReviewCaseSchema.extend({
  openedAt: z.string(),
  status: z.string(),
  evidenceAvailable: z.boolean(),
  decision: z.strictObject({ outcome: z.enum(['approved', 'rejected']), reason: z.string(), reviewer: z.string(), at: z.string() }).optional(),
}).strict();
const IdParams = z.object({ id: z.uuid() });
const DecisionBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  /** The written reason is required and audited. */
  reason: z.string().trim().min(10).max(2000),
});
const DecisionResponse = z.strictObject({ id: z.string(), status: z.string() });

async function caseView(ctx: AppContext, c: ReviewCase): Promise<z.input<typeof ReviewCaseView>> {
  const record = await ctx.recoveries.get(c.recoveryId);
  const { decision, ...rest } = c;
  return {
    ...rest,
    openedAt: new Date(c.openedAt).toISOString(),
    status: record ? view(record.snapshot).status : 'expired',
    evidenceAvailable: await evidenceKept(ctx, c),
    ...(decision ? { decision: { ...decision, at: new Date(decision.at).toISOString() } } : {}),
  };
}

/**
 * Whether the case's images are still kept: until the decision always (the reviewer decides with
 * them), after it only while EVIDENCE_RETENTION_SECONDS keeps them.
 */
async function evidenceKept(ctx: AppContext, c: ReviewCase): Promise<boolean> {
  const retentionMs = ctx.config.EVIDENCE_RETENTION_SECONDS * 1000;
  const kept = !c.decision || c.decision.at + retentionMs > ctx.clock.now();
  return kept && (await readVerification(ctx, c.recoveryId, c.attempt)) !== null;
}

export function reviewRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/v1/review', requireRole(ctx, 'reviewer'));

  router.get('/v1/review/cases', async (req, res) => {
    const { limit } = parseInput(z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }), req.query, 'query');
    const items = await Promise.all((await listPending(ctx, limit)).map((c) => caseView(ctx, c)));
    send(res.setHeader('Cache-Control', 'no-store'), 200, z.strictObject({ items: z.array(ReviewCaseView) }), { items });
  });

  router.get('/v1/review/cases/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'path');
    const c = await getReview(ctx, id);
    if (!c) throw errors.recoveryNotFound();
    send(res.setHeader('Cache-Control', 'no-store'), 200, ReviewCaseView, await caseView(ctx, c));
  });

  router.post('/v1/review/cases/:id/decision', async (req, res) => {
    requireJson(req);
    const { id } = parseInput(IdParams, req.params, 'path');
    const body = parseInput(DecisionBody, req.body, 'body');
    if (!(await getReview(ctx, id))) throw errors.recoveryNotFound();
    send(res, 200, DecisionResponse, await decideReview(ctx, id, body, res.locals.actor.id as Actor));
  });

  router.get('/v1/review/cases/:id/evidence/:part', async (req, res) => {
    const { id, part } = parseInput(IdParams.extend({ part: z.enum(evidenceParts) }), req.params, 'path');
    const c = await getReview(ctx, id);
    if (!c) throw errors.recoveryNotFound();
    const verification = (await evidenceKept(ctx, c)) ? await readVerification(ctx, id, c.attempt) : null;
    const key = verification?.objectKeys.find((k) => k.endsWith(`/${part}`));
    const bytes = key ? await ctx.evidence.get(key).catch(() => null) : null;
    if (!bytes) throw errors.evidenceGone();
    res.status(200).setHeader('Cache-Control', 'no-store').type('application/octet-stream').send(bytes);
  });
  return router;
}
