/**
 * Admins see who is signed in with the organisation's OpenID Provider and end any session (a lost
 * laptop, a leaver): the cookie stops working at the next request. Ending is audited.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { ApiKeyRoleSchema } from '../../stores/apiKeyStore';
import { endStaffSession, listStaffSessions } from '../../staff/staffSessions';
import { requireRole } from '../apiKeys';
import { parseInput, send } from '../validate';

export const StaffSessionView = z.strictObject({
  id: z.string(),
  actor: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  roles: z.array(ApiKeyRoleSchema),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
});
const IdParams = z.object({ id: z.uuid() });

export function staffSessionAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/v1/admin/staff-sessions', requireRole(ctx, 'admin'));

  router.get('/v1/admin/staff-sessions', async (_req, res) => {
    send(res.setHeader('Cache-Control', 'no-store'), 200, z.strictObject({ items: z.array(StaffSessionView) }), { items: await listStaffSessions(ctx) });
  });

  router.delete('/v1/admin/staff-sessions/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'path');
    await endStaffSession(ctx, id, res.locals.actor.id as string);
    res.status(204).end();
  });
  return router;
}
