/**
 * Admin endpoints for recovery profiles (docs/recovery-profiles.md): list, read, create or
 * replace, delete, and reorder. Every change is audited with its before and after values. A change
 * applies to recoveries whose verification has not begun: one under way keeps the profile (and
 * the settings) it was given.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { appendAudit } from '../../audit/auditLog';
import {
  DEFAULT_RECOVERY_PROFILE,
  RecoveryProfileBodySchema,
  RecoveryProfileNameSchema,
  RecoveryProfileSchema,
  ReorderSchema,
  type RecoveryProfile,
} from '../../recoveryProfiles/profileSchema';
import { profileErrors } from '../../recoveryProfiles/errors';
import { requireRole } from '../apiKeys';
import { parseInput, requireJson, send } from '../validate';

const NameParams = z.object({ name: RecoveryProfileNameSchema });
const ProfileList = z.strictObject({ items: z.array(RecoveryProfileSchema) });

/** Vendors and hooks are checked against this deployment, so a profile can never point at nothing. */
function checkReferences(ctx: AppContext, profile: RecoveryProfile): void {
  const missingProviders = (profile.providers ?? []).filter((p) => !ctx.providers[p]);
  if (missingProviders.length > 0) throw profileErrors.unknownProvider(missingProviders);
  const hooks = new Set(ctx.claimHooks.hooks.map((h) => h.name));
  const missingHooks = (profile.claimHooks ?? []).filter((h) => !hooks.has(h));
  if (missingHooks.length > 0) throw profileErrors.unknownHook(missingHooks);
}

export function recoveryProfileRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole(ctx, 'admin');

  router.get('/v1/admin/recovery-profiles', admin, async (_req, res) => {
    send(res, 200, ProfileList, { items: await ctx.recoveryProfiles.list() });
  });

  router.post('/v1/admin/recovery-profiles/order', admin, async (req, res) => {
    requireJson(req);
    const { names } = parseInput(ReorderSchema, req.body, 'body');
    const result = await ctx.recoveryProfiles.reorder(names);
    if (!result) {
      const known = (await ctx.recoveryProfiles.list()).map((p) => p.name);
      const missing = known.filter((n) => !names.includes(n));
      const unknown = names.filter((n) => !known.includes(n));
      throw profileErrors.orderMismatch(
        [missing.length > 0 ? `missing ${missing.join(', ')}` : '', unknown.length > 0 ? `unknown ${unknown.join(', ')}` : ''].filter(Boolean).join('; '),
      );
    }
    await appendAudit(ctx, {
      type: 'admin.profile_changed',
      actor: res.locals.actor.id,
      data: {
        kind: 'recovery_profile_order',
        before: result.before.map((p) => ({ name: p.name, priority: p.priority })),
        after: result.after.map((p) => ({ name: p.name, priority: p.priority })),
      },
    });
    send(res, 200, ProfileList, { items: await ctx.recoveryProfiles.list() });
  });

  router.get('/v1/admin/recovery-profiles/:name', admin, async (req, res) => {
    const { name } = parseInput(NameParams, req.params, 'path');
    const profile = await ctx.recoveryProfiles.get(name);
    if (!profile) throw profileErrors.notFound();
    send(res, 200, RecoveryProfileSchema, profile);
  });

  router.put('/v1/admin/recovery-profiles/:name', admin, async (req, res) => {
    requireJson(req);
    const { name } = parseInput(NameParams, req.params, 'path');
    const profile = RecoveryProfileSchema.parse({ name, ...parseInput(RecoveryProfileBodySchema, req.body, 'body') });
    checkReferences(ctx, profile);
    const before = await ctx.recoveryProfiles.put(profile);
    await appendAudit(ctx, { type: 'admin.profile_changed', actor: res.locals.actor.id, data: { kind: 'recovery_profile', name, before, after: profile } });
    send(res, before ? 200 : 201, RecoveryProfileSchema, profile);
  });

  router.delete('/v1/admin/recovery-profiles/:name', admin, async (req, res) => {
    const { name } = parseInput(NameParams, req.params, 'path');
    if (name === DEFAULT_RECOVERY_PROFILE) throw profileErrors.defaultRequired();
    const before = await ctx.recoveryProfiles.remove(name);
    if (!before) throw profileErrors.notFound();
    await appendAudit(ctx, { type: 'admin.profile_changed', actor: res.locals.actor.id, data: { kind: 'recovery_profile', name, before, after: null } });
    res.status(204).end();
  });
  return router;
}
