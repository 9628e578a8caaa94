/**
 * Staff sessions' lifetime rules: an absolute end (STAFF_SESSION_MINUTES after sign-in) and an idle
 * timeout (STAFF_SESSION_IDLE_MINUTES without a request), both judged on the injected clock (OWASP
 * ASVS 5.0 §7.3). Redis holds each session for the shorter of the two, as a duration. Sign-out and
 * an admin's ending are audited.
 */
import type { AppConfig } from '../config';
import type { AppContext } from '../context';
import { errors } from '../errors';
import { appendAudit } from '../audit/auditLog';
import type { StaffSession } from '../stores/staffSessionStore';

/** Activity is written at most this often per session (a console polls and streams). */
const TOUCH_EVERY_MS = 60_000;

/** How long Redis should keep the session from `now`: until whichever end comes first. */
export function sessionTtlMs(config: AppConfig, session: StaffSession, now: number): number {
  const idleMs = config.STAFF_SESSION_IDLE_MINUTES * 60_000;
  const remaining = session.expiresAt - now;
  return Math.max(1, idleMs > 0 ? Math.min(remaining, session.lastSeenAt + idleMs - now) : remaining);
}

function lapsed(config: AppConfig, session: StaffSession, now: number): boolean {
  const idleMs = config.STAFF_SESSION_IDLE_MINUTES * 60_000;
  return session.expiresAt <= now || (idleMs > 0 && session.lastSeenAt + idleMs <= now);
}

/** The live session the token opens, its activity recorded; null when there is none (any more). */
export async function resolveStaffSession(ctx: AppContext, token: string): Promise<StaffSession | null> {
  const session = await ctx.staffSessions.get(token);
  if (!session) return null;
  const now = ctx.clock.now();
  if (lapsed(ctx.config, session, now)) {
    await ctx.staffSessions.endByToken(token);
    return null;
  }
  if (now - session.lastSeenAt < TOUCH_EVERY_MS) return session;
  const touched = { ...session, lastSeenAt: now };
  await ctx.staffSessions.touch(token, touched, sessionTtlMs(ctx.config, touched, now));
  return touched;
}

export async function signOut(ctx: AppContext, token: string): Promise<void> {
  const ended = await ctx.staffSessions.endByToken(token);
  if (ended) await appendAudit(ctx, { type: 'staff.signed_out', actor: ended.actor, data: { sessionId: ended.id } });
}

export interface StaffSessionView {
  id: string;
  actor: string;
  name: string | null;
  email: string | null;
  roles: StaffSession['roles'];
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export function sessionView(s: StaffSession): StaffSessionView {
  return {
    id: s.id,
    actor: s.actor,
    name: s.name,
    email: s.email,
    roles: s.roles,
    createdAt: new Date(s.createdAt).toISOString(),
    lastSeenAt: new Date(s.lastSeenAt).toISOString(),
    expiresAt: new Date(s.expiresAt).toISOString(),
  };
}

/** Live sessions, newest first. */
export async function listStaffSessions(ctx: AppContext): Promise<StaffSessionView[]> {
  const now = ctx.clock.now();
  return (await ctx.staffSessions.list())
    .filter((s) => !lapsed(ctx.config, s, now))
    .sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id))
    .map(sessionView);
}

/** An admin ends someone's session (a lost laptop, a leaver): their next request is refused. */
export async function endStaffSession(ctx: AppContext, id: string, admin: string): Promise<void> {
  const ended = await ctx.staffSessions.endById(id);
  if (!ended) throw errors.staffSessionNotFound();
  await appendAudit(ctx, { type: 'admin.staff_session_ended', actor: admin, data: { sessionId: id, of: ended.actor } });
}
