/**
 * Risky accounts, for admins (docs/risk.md): list the local flags, read one account's risk from
 * every source (the identity provider's included), flag an account with a reason, dismiss the
 * local flags. Flagging and dismissing are audited (`risk.flagged`, `risk.dismissed`) with the
 * admin's name. Dismissing here clears this service's own flags only: a risk Entra ID Protection
 * holds is dismissed there, or by the owner's remediation.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { errors } from '../../errors';
import { appendAudit } from '../../audit/auditLog';
import { riskLevels } from '../../config/risk';
import { localRiskSources, type RiskFlag } from '../../stores/riskStore';
import { accountRisk, spellingsOf } from '../../risk/riskState';
import { flagAccount } from '../../risk/flagAccount';
import { requireRole } from '../apiKeys';
import { parseInput, requireJson, send } from '../validate';

const Params = z.object({ username: z.string().trim().min(1).max(256) });
const FlagBody = z.strictObject({
  /** Why, for the audit trail and the next admin: printable text. */
  reason: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .regex(/^[^\p{C}]+$/u, 'must be printable text'),
  level: z.enum(riskLevels).default('high'),
});

const FlagView = z.strictObject({
  username: z.string(),
  source: z.enum(localRiskSources),
  level: z.enum(riskLevels),
  reason: z.string(),
  flaggedBy: z.string(),
  recoveryId: z.string().nullable(),
  at: z.string(),
});
export const RiskyUserList = z.strictObject({ items: z.array(FlagView) });
export const AccountRiskView = z.strictObject({
  username: z.string(),
  risky: z.boolean(),
  sources: z.array(z.enum(['admin', 'idp', 'service'])),
  level: z.enum(riskLevels).nullable(),
  flags: z.array(FlagView),
  idp: z.strictObject({ level: z.string(), state: z.string(), detail: z.string().nullable(), updatedAt: z.string().nullable() }).nullable(),
});

const viewOf = (flag: RiskFlag): z.input<typeof FlagView> => ({ ...flag, at: new Date(flag.at).toISOString() });

export function riskyUserRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/v1/admin/risky-users', requireRole(ctx, 'admin'));

  router.get('/v1/admin/risky-users', async (_req, res) => {
    send(res, 200, RiskyUserList, { items: (await ctx.riskFlags.list()).map(viewOf) });
  });

  router.get('/v1/admin/risky-users/:username', async (req, res) => {
    const { username } = parseInput(Params, req.params, 'path');
    const account = await ctx.directory.findAccount(username);
    if (!account) throw errors.userNotFound();
    const risk = await accountRisk(ctx, username, account);
    send(res, 200, AccountRiskView, { username: account.username, ...risk, flags: risk.flags.map(viewOf) });
  });

  router.put('/v1/admin/risky-users/:username', async (req, res) => {
    const { username } = parseInput(Params, req.params, 'path');
    requireJson(req);
    const body = parseInput(FlagBody, req.body, 'body');
    const account = await ctx.directory.findAccount(username);
    if (!account) throw errors.userNotFound();
    const flag = await flagAccount(ctx, account, { source: 'admin', level: body.level, reason: body.reason, flaggedBy: res.locals.actor.id, recoveryId: null });
    send(res, 200, FlagView, viewOf(flag));
  });

  router.delete('/v1/admin/risky-users/:username', async (req, res) => {
    const { username } = parseInput(Params, req.params, 'path');
    const account = await ctx.directory.findAccount(username);
    const dismissed = await ctx.riskFlags.clear(spellingsOf(username, account));
    if (dismissed.length === 0) throw errors.riskNotFlagged();
    await appendAudit(ctx, {
      type: 'risk.dismissed',
      username: account?.username ?? username,
      actor: res.locals.actor.id,
      data: { sources: dismissed.map((f) => f.source), before: dismissed.map(viewOf) },
    });
    res.status(204).end();
  });
  return router;
}
