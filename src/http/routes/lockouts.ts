/**
 * Self-service lockouts: admins read and clear them (a repudiation lock lasts until cleared; a
 * failure lock also ends by itself after LOCKOUT_COOLDOWN_MINUTES). Clearing is audited.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { errors } from '../../errors';
import { appendAudit } from '../../audit/auditLog';
import { clearLock, readLock } from '../../safety/lockout';
import { lockView, LockViewSchema } from '../../safety/lockView';
import { requireRole } from '../apiKeys';
import { parseInput, send } from '../validate';

const Params = z.object({ username: z.string().trim().min(1).max(256) });
export const LockoutResponse = z.strictObject({ username: z.string(), lock: LockViewSchema });

export function lockoutRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/v1/admin/lockouts', requireRole(ctx, 'admin'));

  router.get('/v1/admin/lockouts/:username', async (req, res) => {
    const { username } = parseInput(Params, req.params, 'path');
    const lock = await readLock(ctx, username);
    if (!lock) throw errors.lockNotFound();
    send(res, 200, LockoutResponse, { username, lock: lockView(lock) });
  });

  router.delete('/v1/admin/lockouts/:username', async (req, res) => {
    const { username } = parseInput(Params, req.params, 'path');
    const cleared = await clearLock(ctx, username);
    if (!cleared) throw errors.lockNotFound();
    await appendAudit(ctx, {
      type: 'safety.lock_cleared',
      username,
      actor: res.locals.actor.id,
      recoveryId: cleared.recoveryId ?? undefined,
      data: { before: lockView(cleared), after: null },
    });
    res.status(204).end();
  });
  return router;
}
