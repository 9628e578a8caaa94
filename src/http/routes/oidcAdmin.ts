/**
 * The OpenID Provider's relying parties and signing keys, for admins: register a client (its
 * secret is in this one response), list, delete; list and rotate the signing keys. Every change
 * is audited with the admin's own actor.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { createClient, deleteClient, listClients, listKeys, rotateKeys } from '../../oidc/clientAdmin';
import { ClientIdSchema, RedirectUriSchema } from '../../oidc/clients';
import { OidcUseSchema, VerifiedClaimsFormatSchema } from '../../stores/oidcClientStore';
import { requireRole } from '../apiKeys';
import { parseInput, requireJson, send } from '../validate';

const CreateBody = z
  .strictObject({
    clientId: ClientIdSchema.optional(),
    name: z.string().trim().min(1).max(100),
    redirectUris: z.array(RedirectUriSchema).min(1).max(20),
    uses: z.array(OidcUseSchema).min(1).max(2),
    /** The shape of `verified_claims` (docs/oidc.md): the standard one, or Okta's custom IDV vendor form. */
    verifiedClaimsFormat: VerifiedClaimsFormatSchema.optional(),
    authMethod: z.enum(['client_secret_basic', 'private_key_jwt']),
    jwks: z.strictObject({ keys: z.array(z.record(z.string(), z.unknown())).min(1).max(10) }).optional(),
    jwksUri: z
      .url()
      .refine((v) => v.startsWith('https:'), 'must be https')
      .optional(),
  })
  .superRefine((b, issue) => {
    const keyed = (b.jwks ? 1 : 0) + (b.jwksUri ? 1 : 0);
    if (b.authMethod === 'private_key_jwt' && keyed !== 1)
      issue.addIssue({ code: 'custom', path: ['jwks'], message: 'private_key_jwt needs exactly one of jwks and jwksUri' });
    if (b.authMethod === 'client_secret_basic' && keyed !== 0) issue.addIssue({ code: 'custom', path: ['jwks'], message: 'only for private_key_jwt' });
    if (b.verifiedClaimsFormat && !b.uses.includes('identity_verification')) {
      issue.addIssue({ code: 'custom', path: ['verifiedClaimsFormat'], message: 'only for a client with the identity_verification use' });
    }
  });
const ClientView = z.strictObject({
  clientId: z.string(),
  name: z.string(),
  redirectUris: z.array(z.string()),
  uses: z.array(OidcUseSchema),
  verifiedClaimsFormat: VerifiedClaimsFormatSchema,
  authMethod: z.enum(['client_secret_basic', 'private_key_jwt']),
  source: z.enum(['file', 'api']),
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
});
const Created = ClientView.extend({ clientSecret: z.string().optional() });
const ClientList = z.strictObject({ items: z.array(ClientView) });
const KeyView = z.strictObject({
  kid: z.string(),
  alg: z.string(),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
  removeAt: z.string().nullable(),
  signing: z.boolean(),
});
const KeyList = z.strictObject({ items: z.array(KeyView) });
const IdParams = z.object({ clientId: ClientIdSchema });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function oidcAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/v1/admin/oidc', requireRole(ctx, 'admin'));

  router.post('/v1/admin/oidc/clients', async (req, res) => {
    requireJson(req);
    const body = parseInput(CreateBody, req.body, 'body');
    send(res.setHeader('Cache-Control', 'no-store'), 201, Created, await createClient(ctx, body, res.locals.actor.id as string));
  });

  router.get('/v1/admin/oidc/clients', async (_req, res) => {
    send(res, 200, ClientList, { items: await listClients(ctx) });
  });

  router.delete('/v1/admin/oidc/clients/:clientId', async (req, res) => {
    const { clientId } = parseInput(IdParams, req.params, 'path');
    await deleteClient(ctx, clientId, res.locals.actor.id as string);
    res.status(204).end();
  });

  router.get('/v1/admin/oidc/keys', async (_req, res) => {
    const keys = await listKeys(ctx);
    send(res, 200, KeyList, {
      items: keys.map((k) => ({ ...k, createdAt: iso(k.createdAt) as string, retiredAt: iso(k.retiredAt), removeAt: iso(k.removeAt) })),
    });
  });

  router.post('/v1/admin/oidc/keys/rotate', async (_req, res) => {
    const keys = await rotateKeys(ctx, res.locals.actor.id as string);
    send(res, 200, KeyList, {
      items: keys.map((k) => ({ ...k, createdAt: iso(k.createdAt) as string, retiredAt: iso(k.retiredAt), removeAt: iso(k.removeAt) })),
    });
  });
  return router;
}
