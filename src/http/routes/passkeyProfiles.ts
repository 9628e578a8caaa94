/**
 * Admin endpoints for passkey profiles (Entra's field names, no 3-profile limit). Changes are
 * audited with before and after values.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { appendAudit } from '../../audit/auditLog';
import { passkeyErrors } from '../../passkeys/errors';
import {
  DEFAULT_PROFILE, PasskeyProfileBodySchema, PasskeyProfileSchema, ProfileNameSchema,
} from '../../passkeys/profileSchema';
import { requireRole } from '../apiKeys';
import { parseInput, requireJson, send } from '../validate';

const NameParams = z.object({ name: ProfileNameSchema });
const ProfileList = z.strictObject({ items: z.array(PasskeyProfileSchema) });

export function passkeyProfileRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole(ctx, 'admin');

  router.get('/v1/admin/passkey-profiles', admin, async (_req, res) => {
    send(res, 200, ProfileList, { items: await ctx.passkeyProfiles.list() });
  });

  router.get('/v1/admin/passkey-profiles/:name', admin, async (req, res) => {
    const { name } = parseInput(NameParams, req.params, 'path');
    const profile = await ctx.passkeyProfiles.get(name);
    if (!profile) throw passkeyErrors.profileNotFound();
    send(res, 200, PasskeyProfileSchema, profile);
  });

  router.put('/v1/admin/passkey-profiles/:name', admin, async (req, res) => {
    requireJson(req);
    const { name } = parseInput(NameParams, req.params, 'path');
    const profile = { name, ...parseInput(PasskeyProfileBodySchema, req.body, 'body') };
    const before = await ctx.passkeyProfiles.put(profile);
    await appendAudit(ctx, { type: 'admin.profile_changed', actor: res.locals.actor.id, data: { kind: 'passkey_profile', name, before, after: profile } });
    send(res, before ? 200 : 201, PasskeyProfileSchema, profile);
  });

  router.delete('/v1/admin/passkey-profiles/:name', admin, async (req, res) => {
    const { name } = parseInput(NameParams, req.params, 'path');
    if (name === DEFAULT_PROFILE) throw passkeyErrors.defaultProfileRequired();
    const before = await ctx.passkeyProfiles.remove(name);
    if (!before) throw passkeyErrors.profileNotFound();
    await appendAudit(ctx, { type: 'admin.profile_changed', actor: res.locals.actor.id, data: { kind: 'passkey_profile', name, before, after: null } });
    res.status(204).end();
  });
  return router;
}
