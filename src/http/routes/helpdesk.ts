/**
 * Help-desk endpoints: agents create single-use recovery links and watch status and reasons, and
 * never see an access pass (it is not stored in a readable form anyway).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { errors } from '../../errors';
import { createLink } from '../../recovery/createLink';
import { approveLink } from '../../recovery/approveLink';
import { helpdeskView } from '../../recovery/helpdeskView';
import { userKey } from '../../stores/keys';
import { requireRole } from '../apiKeys';
import { parseInput, requireJson, send } from '../validate';
import { limitLinkCreation } from '../rateLimit';
import { appendAudit } from '../../audit/auditLog';
import { LockViewSchema, withLockState } from '../../safety/lockView';

const LinkBody = z.strictObject({ username: z.string().trim().min(1).max(256), ttlMinutes: z.number().int().min(5).optional() });
const LinkResponse = z.strictObject({ id: z.string(), url: z.string(), expiresAt: z.string(), approvalRequired: z.boolean() });
const ApprovalResponse = z.strictObject({ id: z.string(), approvedBy: z.string(), expiresAt: z.string() });
export const HelpdeskRecovery = z.strictObject({
  id: z.string(),
  username: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  /** The latest vendor verdict's decision and reason codes; never scores, images or claims. */
  vendor: z.strictObject({ provider: z.string(), decision: z.string(), reasonCodes: z.array(z.string()), attempt: z.number() }).nullable(),
  /** `oidc_verification`: an identity verification for a relying party of the OpenID Provider (no access pass). */
  origin: z.enum(['self_service', 'helpdesk_link', 'oidc_verification']),
  initiatedBy: z.string().nullable(),
  attempts: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string(),
  /**
   * The recovery profile it was given and why (docs/recovery-profiles.md); null until its first
   * verification attempt decides it. `name` null: no profile covers the account.
   */
  profile: z.strictObject({ name: z.string().nullable(), mode: z.enum(['evaluation', 'production', 'off']).nullable(), why: z.string() }).nullable(),
  /** Present when self-service recovery of this username is locked. */
  selfServiceLock: LockViewSchema.optional(),
});
const ListQuery = z.object({ username: z.string().trim().min(1).max(256).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

export function helpdeskRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/v1/helpdesk', requireRole(ctx, 'helpdesk'));

  router.post('/v1/helpdesk/recovery-links', limitLinkCreation(ctx), async (req, res) => {
    requireJson(req);
    const body = parseInput(LinkBody, req.body, 'body');
    if (body.ttlMinutes !== undefined && body.ttlMinutes > ctx.config.LINK_MAX_TTL_MINUTES) {
      throw errors.validation(`body.ttlMinutes must be at most ${ctx.config.LINK_MAX_TTL_MINUTES}`);
    }
    const link = await createLink(ctx, { username: body.username, ttlMinutes: body.ttlMinutes, agent: res.locals.actor.id });
    await appendAudit(ctx, {
      type: 'helpdesk.link_created',
      username: body.username,
      actor: res.locals.actor.id,
      data: { linkId: link.id, expiresAt: link.expiresAt, approvalRequired: link.approvalRequired },
    });
    send(res.setHeader('Cache-Control', 'no-store'), 201, LinkResponse, link);
  });

  router.post('/v1/helpdesk/recovery-links/:id/approval', async (req, res) => {
    const { id } = parseInput(z.object({ id: z.uuid() }), req.params, 'path');
    send(res, 200, ApprovalResponse, await approveLink(ctx, id, res.locals.actor.id));
  });

  router.get('/v1/helpdesk/recoveries', async (req, res) => {
    const query = parseInput(ListQuery, req.query, 'query');
    const ids = query.username ? await ctx.recoveries.idsForUser(userKey(query.username), query.limit) : await ctx.recoveries.recentIds(query.limit);
    const views = (await Promise.all(ids.map((id) => helpdeskView(ctx, id)))).filter((v) => v !== null);
    const items = await Promise.all(views.map((v) => withLockState(ctx, v)));
    send(res, 200, z.strictObject({ items: z.array(HelpdeskRecovery) }), { items });
  });

  router.get('/v1/helpdesk/recoveries/:id', async (req, res) => {
    const { id } = parseInput(z.object({ id: z.uuid() }), req.params, 'path');
    const item = await helpdeskView(ctx, id);
    if (!item) throw errors.recoveryNotFound();
    send(res, 200, HelpdeskRecovery, await withLockState(ctx, item));
  });
  return router;
}
