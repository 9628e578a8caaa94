/**
 * Staff sign-in with the organisation's OpenID Provider (src/staff): the browser routes of the code
 * flow (`/staff/sign-in` → the OP → `/staff/callback`), sign-out, and the JSON the staff pages read
 * (`/v1/staff/config`: is OIDC on; `/v1/staff/me`: who is signed in). A failure on a browser route
 * is a readable page for a browser and problem+json for anything else, with the same stable code.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, errors } from '../../errors';
import { ApiKeyRoleSchema } from '../../stores/apiKeyStore';
import type { StaffSession } from '../../stores/staffSessionStore';
import { consumeLimits } from '../../safety/consumeLimits';
import { beginSignIn } from '../../staff/beginSignIn';
import { completeSignIn } from '../../staff/completeSignIn';
import { signOut } from '../../staff/staffSessions';
import {
  DEFAULT_RETURN,
  clearedLoginCookie,
  clearedSessionCookie,
  loginCookie,
  readCookie,
  safeReturnPath,
  sessionCookie,
  staffCookieNames,
} from '../../staff/cookies';
import { staffErrorPage } from '../../staff/errorPage';
import { sendProblem } from '../problem';
import { clientOf } from '../rateLimit';
import { requireStaffSession, staffSessionToken } from '../staffSession';
import { parseInput, send } from '../validate';

const SignInQuery = z.object({ return: z.string().max(600).optional() });
export const StaffConfigView = z.strictObject({ oidc: z.boolean(), signInUrl: z.string().nullable() });
export const StaffMeView = z.strictObject({
  actor: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  roles: z.array(ApiKeyRoleSchema),
  expiresAt: z.string(),
});

/** Runs a browser route; its AppError becomes a page (a browser asked) or problem+json. */
async function page(req: Request, res: Response, retryPath: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    res.setHeader('Cache-Control', 'no-store');
    if (req.accepts(['json', 'html']) !== 'html') return sendProblem(res, err);
    if (err.extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.extra.retryAfterSeconds));
    res.status(err.status).type('html').send(staffErrorPage(err, retryPath));
  }
}

export function staffRoutes(ctx: AppContext): Router {
  const router = Router();
  const secure = ctx.config.PUBLIC_BASE_URL.startsWith('https:');
  const cookies = staffCookieNames(secure);

  router.get('/v1/staff/config', (_req, res) => {
    const oidc = !!ctx.config.STAFF_OIDC_ISSUER;
    send(res.setHeader('Cache-Control', 'no-store'), 200, StaffConfigView, { oidc, signInUrl: oidc ? '/staff/sign-in' : null });
  });

  router.get('/v1/staff/me', requireStaffSession(ctx), (_req, res) => {
    const s = res.locals.staff as StaffSession;
    send(res.setHeader('Cache-Control', 'no-store'), 200, StaffMeView, {
      actor: s.actor,
      name: s.name,
      email: s.email,
      roles: s.roles,
      expiresAt: new Date(s.expiresAt).toISOString(),
    });
  });

  router.get('/staff/sign-in', (req, res) =>
    page(req, res, DEFAULT_RETURN, async () => {
      const returnTo = safeReturnPath(parseInput(SignInQuery, req.query, 'query').return);
      if (!returnTo) throw errors.staffReturnInvalid();
      await consumeLimits(ctx, [['staffSignIn', clientOf(req, ctx.config.IPV6_PREFIX_LENGTH)]]);
      const { authorizationUrl, loginToken } = await beginSignIn(ctx, returnTo);
      res.setHeader('Set-Cookie', loginCookie(loginToken, secure)).setHeader('Cache-Control', 'no-store');
      res.redirect(303, authorizationUrl);
    }),
  );

  router.get('/staff/callback', (req, res) =>
    page(req, res, DEFAULT_RETURN, async () => {
      // The login cookie is spent whatever happens: a retry starts a new sign-in.
      res.setHeader('Set-Cookie', clearedLoginCookie(secure));
      const query = new URLSearchParams(req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '');
      const signedIn = await completeSignIn(ctx, readCookie(req.headers.cookie, cookies.login), query);
      // A session this browser already had is ended, not left behind beside the new one.
      const previous = staffSessionToken(ctx, req);
      if (previous) await signOut(ctx, previous);
      res.setHeader('Set-Cookie', [clearedLoginCookie(secure), sessionCookie(signedIn.token, ctx.config.STAFF_SESSION_MINUTES * 60, secure)]);
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, signedIn.returnTo);
    }),
  );

  // Ends this browser's session; the CSRF guard has checked the request came from our own page.
  router.post('/staff/sign-out', async (req, res) => {
    const token = staffSessionToken(ctx, req);
    if (token) await signOut(ctx, token);
    res.setHeader('Set-Cookie', clearedSessionCookie(secure)).setHeader('Cache-Control', 'no-store');
    res.status(204).end();
  });
  return router;
}
