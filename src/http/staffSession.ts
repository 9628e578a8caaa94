/**
 * The staff session cookie as a credential: which session a request's cookie opens, and the actor
 * it records. The actor is the signed-in person (`staff:<name>`, with the OP subject), taken from
 * the server-side session alone, never from anything else the request says.
 */
import type { Request, RequestHandler } from 'express';
import type { AppContext } from '../context';
import { errors } from '../errors';
import { readCookie, staffCookieNames } from '../staff/cookies';
import { resolveStaffSession } from '../staff/staffSessions';
import type { StaffSession } from '../stores/staffSessionStore';

export interface StaffActor {
  role: StaffSession['roles'][number] | 'staff';
  id: string;
  sub: string;
  sessionId: string;
}

export function staffSessionToken(ctx: AppContext, req: Request): string | null {
  if (!ctx.config.STAFF_OIDC_ISSUER) return null;
  return readCookie(req.headers.cookie, staffCookieNames(ctx.config.PUBLIC_BASE_URL.startsWith('https:')).session);
}

export async function staffSessionOf(ctx: AppContext, req: Request): Promise<StaffSession | null> {
  const token = staffSessionToken(ctx, req);
  return token ? resolveStaffSession(ctx, token) : null;
}

export function staffActor(session: StaffSession, role: StaffActor['role']): StaffActor {
  return { role, id: session.actor, sub: session.subject, sessionId: session.id };
}

/** Any signed-in staff member, whatever their roles (`/v1/staff/me`); the session in res.locals.staff. */
export function requireStaffSession(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    staffSessionOf(ctx, req).then((session) => {
      if (!session) return next(errors.unauthorized());
      res.locals.staff = session;
      res.locals.actor = staffActor(session, 'staff');
      next();
    }, next);
  };
}
