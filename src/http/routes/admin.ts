/** Admin endpoints: the built-in directory, and ending the queue dashboard's sessions. */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { errors } from '../../errors';
import { DirectoryUserSchema } from '../../stores/directoryStore';
import { requireRole } from '../apiKeys';
import { parseInput, requireJson, send } from '../validate';
import { appendAudit } from '../../audit/auditLog';

const UserBody = DirectoryUserSchema.strict();
const UpdateBody = DirectoryUserSchema.omit({ username: true }).strict();
const UsernameParams = z.object({ username: z.string().min(1).max(256) });

export function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/v1/admin', requireRole(ctx, 'admin'));
  // Ends every queue-dashboard browser session (a lost laptop, a leaver): they must sign in again.
  router.delete('/v1/admin/dashboard-sessions', async (_req, res) => {
    const ended = await ctx.dashboardSessions.revokeAll();
    await appendAudit(ctx, { type: 'admin.dashboard_sessions_revoked', actor: res.locals.actor.id, data: { ended } });
    res.status(204).end();
  });

  // With an external directory, editing the built-in one would change nothing a recovery reads.
  router.use('/v1/admin/users', (_req, _res, next) => {
    if (ctx.config.DIRECTORY !== 'builtin') throw errors.directoryExternal(ctx.config.DIRECTORY);
    next();
  });

  router.post('/v1/admin/users', async (req, res) => {
    requireJson(req);
    const user = parseInput(UserBody, req.body, 'body');
    if (!(await ctx.builtinDirectory.create(user))) throw errors.userExists();
    await appendAudit(ctx, {
      type: 'admin.user_changed',
      username: user.username,
      actor: res.locals.actor.id,
      data: { action: 'create', before: null, after: user },
    });
    send(res, 201, DirectoryUserSchema, user);
  });

  router.get('/v1/admin/users', async (_req, res) => {
    send(res, 200, z.strictObject({ items: z.array(DirectoryUserSchema) }), { items: await ctx.builtinDirectory.list() });
  });

  router.get('/v1/admin/users/:username', async (req, res) => {
    const { username } = parseInput(UsernameParams, req.params, 'path');
    const user = await ctx.builtinDirectory.get(username);
    if (!user) throw errors.userNotFound();
    send(res, 200, DirectoryUserSchema, user);
  });

  router.put('/v1/admin/users/:username', async (req, res) => {
    requireJson(req);
    const { username } = parseInput(UsernameParams, req.params, 'path');
    const existing = await ctx.builtinDirectory.get(username);
    if (!existing) throw errors.userNotFound();
    const user = { ...parseInput(UpdateBody, req.body, 'body'), username: existing.username };
    await ctx.builtinDirectory.put(user);
    await appendAudit(ctx, {
      type: 'admin.user_changed',
      username: user.username,
      actor: res.locals.actor.id,
      data: { action: 'update', before: existing, after: user },
    });
    send(res, 200, DirectoryUserSchema, user);
  });

  router.delete('/v1/admin/users/:username', async (req, res) => {
    const { username } = parseInput(UsernameParams, req.params, 'path');
    const existing = await ctx.builtinDirectory.get(username);
    if (!existing || !(await ctx.builtinDirectory.remove(username))) throw errors.userNotFound();
    await appendAudit(ctx, {
      type: 'admin.user_changed',
      username: existing.username,
      actor: res.locals.actor.id,
      data: { action: 'delete', before: existing, after: null },
    });
    res.status(204).end();
  });
  return router;
}
