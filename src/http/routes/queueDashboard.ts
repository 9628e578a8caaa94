/**
 * The BullMQ queue dashboard (bull-board) at /admin/queues, behind the admin key: a bearer header
 * (scripts, curl) or the session cookie its login form sets (browsers; see dashboardSession.ts).
 * Read-only unless QUEUE_DASHBOARD_READ_ONLY=false. Jobs hold ids and object keys, never images.
 */
import express, { Router, type RequestHandler, type Response } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { AppContext } from '../../context';
import { AppError, errors } from '../../errors';
import { consumeLimits } from '../../safety/consumeLimits';
import { clientOf } from '../rateLimit';
import { matchesHash, sha256Hex } from '../../crypto/secrets';
import { DASHBOARD_PATH, clearedSessionCookie, keyFingerprint, loginPage, sessionCookie, sessionToken } from '../../observability/dashboardSession';
import { bearer } from '../validate';
import { bodyLimit } from '../bodyLimit';

type BoardOptions = Parameters<typeof createBullBoard>[0];
const LOGIN_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
/** bull-board's page sets `<base href>` and inline styles; it still runs same-origin scripts only. */
const BOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

function sendLogin(res: Response, status: number, message: string | null): void {
  res
    .status(status)
    .setHeader('Content-Security-Policy', LOGIN_CSP)
    .setHeader('Cache-Control', 'no-store')
    .setHeader('WWW-Authenticate', 'Bearer realm="queue dashboard"')
    .type('html')
    .send(loginPage(message));
}

/** Built on the first authorized request: building it touches the queues, and most processes never serve it. */
function lazyBoard(ctx: AppContext): RequestHandler {
  let board: RequestHandler | null = null;
  return (req, res, next) => {
    if (!board) {
      const serverAdapter = new ExpressAdapter().setBasePath(DASHBOARD_PATH);
      const readOnlyMode = ctx.config.QUEUE_DASHBOARD_READ_ONLY;
      createBullBoard({
        queues: Object.values(ctx.queues).map((queue) => new BullMQAdapter(queue, { readOnlyMode })),
        // @bull-board/express 9.10.1 nests its own @bull-board/api 9.10.1 beside our 9.10.2: the same
        // interface, but TypeScript compares their private fields nominally.
        serverAdapter: serverAdapter as unknown as BoardOptions['serverAdapter'],
        options: { uiConfig: { boardTitle: 'Recovery queues' } },
      });
      board = serverAdapter.getRouter() as RequestHandler;
    }
    board(req, res, next);
  };
}

export function queueDashboardRoutes(ctx: AppContext): Router {
  const router = Router();
  const adminKey = ctx.config.ADMIN_API_KEY;
  const digest = adminKey ? sha256Hex(adminKey) : null;
  const secure = ctx.config.PUBLIC_BASE_URL.startsWith('https:');
  const isAdmin = (presented: string | null | undefined) => !!digest && !!presented && matchesHash(presented, digest);

  router.post(`${DASHBOARD_PATH}/login`, bodyLimit(4096), express.urlencoded({ extended: false, limit: 4096 }), async (req, res) => {
    // Every attempt counts against the client's network, whatever key it tries (ASVS 5.0 §6.3.1).
    const refused = await consumeLimits(ctx, [['dashboardLogin', clientOf(req, ctx.config.IPV6_PREFIX_LENGTH)]]).then(
      () => null,
      (err: unknown) => err,
    );
    if (refused instanceof AppError && refused.code === 'request.rate_limited') {
      const seconds = refused.extra.retryAfterSeconds ?? 60;
      res.setHeader('Retry-After', String(seconds));
      return sendLogin(res, 429, `Too many sign-in attempts from here. Try again in ${Math.ceil(seconds / 60)} minute(s).`);
    }
    if (refused) throw refused as Error;
    const key = (req.body as Record<string, unknown> | undefined)?.key;
    if (!adminKey || typeof key !== 'string' || !isAdmin(key)) return sendLogin(res, 401, 'That key is not the admin key.');
    const minutes = ctx.config.QUEUE_DASHBOARD_SESSION_MINUTES;
    const token = await ctx.dashboardSessions.create(keyFingerprint(adminKey), ctx.clock.now(), minutes * 60_000);
    res.setHeader('Set-Cookie', sessionCookie(token, minutes, secure));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, `${DASHBOARD_PATH}/`);
  });

  // Ends this browser's session (SameSite=Strict: another site cannot sign the admin out either).
  router.post(`${DASHBOARD_PATH}/logout`, async (req, res) => {
    const token = sessionToken(req.headers.cookie);
    if (token) await ctx.dashboardSessions.revoke(token);
    res.setHeader('Set-Cookie', clearedSessionCookie(secure)).setHeader('Cache-Control', 'no-store');
    sendLogin(res, 200, 'Signed out.');
  });

  const validSession = async (cookieHeader: string | undefined): Promise<boolean> => {
    const token = sessionToken(cookieHeader);
    return !!adminKey && !!token && ctx.dashboardSessions.isValid(token, keyFingerprint(adminKey), ctx.clock.now());
  };

  // A plain middleware, not a router: the bull-board app is mounted lazily, beneath this prefix.
  router.use(
    DASHBOARD_PATH,
    (req, res, next) => {
      const allow = () => {
        res.setHeader('Content-Security-Policy', BOARD_CSP);
        next();
      };
      if (isAdmin(bearer(req))) return allow();
      validSession(req.headers.cookie).then((ok) => {
        if (ok) return allow();
        if (req.method === 'GET' && req.accepts(['json', 'html']) === 'html') return sendLogin(res, 401, null);
        next(errors.unauthorized());
      }, next);
    },
    lazyBoard(ctx),
  );
  return router;
}
