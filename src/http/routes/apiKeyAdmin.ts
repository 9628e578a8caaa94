/**
 * Named API keys for staff and machines: create (the key is in this one response), list (never
 * the key), revoke. Admin only; every change audited with the admin's own actor.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { createApiKey, listApiKeys, revokeApiKey } from '../../access/apiKeys';
import { ApiKeyRoleSchema } from '../../stores/apiKeyStore';
import { requireRole } from '../apiKeys';
import { parseInput, requireJson, send } from '../validate';

const CreateBody = z.strictObject({
  /** Who holds it (a person's login, or a system's name): the actor the audit records. */
  name: z
    .string()
    .trim()
    .regex(/^[\w.@+-]{1,64}$/, 'letters, digits and . _ @ + - (max 64)'),
  role: ApiKeyRoleSchema,
});
export const ApiKeyViewSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  role: ApiKeyRoleSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
});
const Created = ApiKeyViewSchema.extend({ key: z.string() });
const List = z.strictObject({ items: z.array(ApiKeyViewSchema) });
const IdParams = z.object({ id: z.uuid() });

export function apiKeyAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/v1/admin/api-keys', requireRole(ctx, 'admin'));

  router.post('/v1/admin/api-keys', async (req, res) => {
    requireJson(req);
    const body = parseInput(CreateBody, req.body, 'body');
    send(res.setHeader('Cache-Control', 'no-store'), 201, Created, await createApiKey(ctx, body, res.locals.actor.id as string));
  });

  router.get('/v1/admin/api-keys', async (_req, res) => {
    send(res, 200, List, { items: await listApiKeys(ctx) });
  });

  router.delete('/v1/admin/api-keys/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'path');
    send(res, 200, ApiKeyViewSchema, await revokeApiKey(ctx, id, res.locals.actor.id as string));
  });
  return router;
}
