/**
 * Admin endpoints for passkey profiles (Entra's field names, no 3-profile limit). Changes are
 * audited with before and after values, and with the registered passkeys the change leaves out of
 * policy (sign-in refuses them from then on); the compliance report lists every such passkey.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { appendAudit } from '../../audit/auditLog';
import { passkeyErrors } from '../../passkeys/errors';
import { DEFAULT_PROFILE, PasskeyProfileBodySchema, PasskeyProfileSchema, ProfileNameSchema } from '../../passkeys/profileSchema';
import { nonCompliantPasskeys, type ComplianceReport } from '../../passkeys/profileCompliance';
import type { PasskeyProfile } from '../../passkeys/profileSchema';
import { requireRole } from '../apiKeys';
import { parseInput, requireJson, send } from '../validate';

const NameParams = z.object({ name: ProfileNameSchema });
const ProfileList = z.strictObject({ items: z.array(PasskeyProfileSchema) });
const ComplianceSchema = z.strictObject({
  checked: z.number().int().nonnegative(),
  truncated: z.boolean(),
  items: z.array(
    z.strictObject({
      username: z.string(),
      credentialId: z.string(),
      failures: z.array(z.strictObject({ profile: z.string(), rule: z.string(), detail: z.string() })),
    }),
  ),
});

/** What the audit keeps of a change's compliance fall-out: who and which passkey, at most 100. */
function auditedFallout(report: ComplianceReport | null) {
  // The change stands; only its report could not be made (the directory did not answer).
  if (!report) return { count: null, unavailable: 'directory.unavailable' };
  return {
    count: report.items.length,
    truncated: report.truncated,
    passkeys: report.items.slice(0, 100).map((i) => ({ username: i.username, credentialId: i.credentialId, rule: i.failures[0]?.rule })),
  };
}

const replaced = (profiles: PasskeyProfile[], name: string, by: PasskeyProfile | null) => [...profiles.filter((p) => p.name !== name), ...(by ? [by] : [])];

export function passkeyProfileRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole(ctx, 'admin');

  router.get('/v1/admin/passkey-profiles', admin, async (_req, res) => {
    send(res, 200, ProfileList, { items: await ctx.passkeyProfiles.list() });
  });

  router.get('/v1/admin/passkey-profiles/compliance', admin, async (_req, res) => {
    send(res.setHeader('Cache-Control', 'no-store'), 200, ComplianceSchema, await nonCompliantPasskeys(ctx, await ctx.passkeyProfiles.list()));
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
    const profile = PasskeyProfileSchema.parse({ name, ...parseInput(PasskeyProfileBodySchema, req.body, 'body') });
    const before = await ctx.passkeyProfiles.put(profile);
    const all = await ctx.passkeyProfiles.list();
    const fallout = await nonCompliantPasskeys(ctx, all, replaced(all, name, before)).catch(() => null);
    await appendAudit(ctx, {
      type: 'admin.profile_changed',
      actor: res.locals.actor.id,
      data: { kind: 'passkey_profile', name, before, after: profile, noLongerComply: auditedFallout(fallout) },
    });
    send(res, before ? 200 : 201, PasskeyProfileSchema, profile);
  });

  router.delete('/v1/admin/passkey-profiles/:name', admin, async (req, res) => {
    const { name } = parseInput(NameParams, req.params, 'path');
    if (name === DEFAULT_PROFILE) throw passkeyErrors.defaultProfileRequired();
    const before = await ctx.passkeyProfiles.remove(name);
    if (!before) throw passkeyErrors.profileNotFound();
    const all = await ctx.passkeyProfiles.list();
    const fallout = await nonCompliantPasskeys(ctx, all, replaced(all, name, before)).catch(() => null);
    await appendAudit(ctx, {
      type: 'admin.profile_changed',
      actor: res.locals.actor.id,
      data: { kind: 'passkey_profile', name, before, after: null, noLongerComply: auditedFallout(fallout) },
    });
    res.status(204).end();
  });
  return router;
}
