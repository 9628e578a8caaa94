/**
 * Browser hardening for every response, and CSRF protection for every state-changing request.
 *
 * - helmet: a CSP that allows same-origin scripts, styles and images only (no inline script, no
 *   framing); `Referrer-Policy: no-referrer` everywhere, so a page opened from a link with a token
 *   never leaks it (OWASP Forgot Password Cheat Sheet); HSTS and upgrade-insecure-requests only
 *   when PUBLIC_BASE_URL is https (they would break a plain-http local set-up).
 * - CORS: none by default; only the CORS_ORIGINS allow-list, without credentials.
 * - CSRF: this API authenticates with the Authorization header (bearer tokens, API keys) or with
 *   a token in the body, never with cookies, and a browser never attaches an Authorization header
 *   on its own, so a forged cross-site request carries no credential. We still enforce it
 *   (OWASP ASVS 5.0 V3.5, browser origin separation): a state-changing request whose fetch metadata says cross-site or
 *   same-site, or (from browsers without fetch metadata) whose Origin is not ours, is refused; and
 *   an authenticated endpoint refuses a request that offers cookies but no Authorization header,
 *   so cookie auth can never creep in.
 * - The one exception, staff signed in with the organisation's OpenID Provider: their browser
 *   sends the staff session cookie by itself, so a cookie-authenticated request is NOT CSRF-safe
 *   by construction. SameSite=Strict already keeps other sites' requests from carrying it
 *   (RFC 6265bis §8.8); in depth, a state-changing request authenticated by it must also be
 *   same-origin (fetch metadata, else Origin) and carry `X-Requested-By: staff-console`, a header
 *   a cross-site form cannot send and a cross-origin script could only send after a CORS
 *   preflight we never grant (OWASP CSRF Prevention Cheat Sheet, "custom request headers").
 *   Reads (GET, and the SSE stream) change nothing and stay as they are.
 */
import cors from 'cors';
import helmet from 'helmet';
import type { RequestHandler } from 'express';
import type { AppConfig } from '../config';
import { errors } from '../errors';
import { offersCookie, STAFF_CSRF_HEADER, STAFF_CSRF_VALUE, staffCookieNames } from '../staff/cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Endpoints that need a bearer credential; everything else is public or carries its own token. */
const AUTHENTICATED = /^\/v1\/(admin|helpdesk|review|staff)(\/|$)|^\/v1\/recoveries\/[^/]+|^\/staff\/sign-out$/;

export function securityHeaders(config: AppConfig): RequestHandler[] {
  const https = config.PUBLIC_BASE_URL.startsWith('https:');
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          mediaSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    }),
    cors({
      origin: (origin, done) => done(null, origin !== undefined && config.CORS_ORIGINS.includes(origin)),
      credentials: false,
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: ['Retry-After'],
      maxAge: 600,
    }),
    browserGuard(config),
  ];
}

export function browserGuard(config: AppConfig): RequestHandler {
  const ownOrigin = new URL(config.PUBLIC_BASE_URL).origin;
  const allowed = (origin: string | undefined) => origin !== undefined && (origin === ownOrigin || config.CORS_ORIGINS.includes(origin));
  // Only when staff OIDC is on does any cookie authenticate anything here.
  const staffCookie = config.STAFF_OIDC_ISSUER ? staffCookieNames(config.PUBLIC_BASE_URL.startsWith('https:')).session : null;
  return (req, _res, next) => {
    // Vendor callbacks are server-to-server and authenticated by their signature, never by a browser.
    if (SAFE_METHODS.has(req.method) || req.path.startsWith('/v1/webhooks/')) return next();
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const site = req.headers['sec-fetch-site'];
    // Fetch metadata is set by the browser and cannot be forged by a web page.
    if (site === 'cross-site' || site === 'same-site') {
      if (!(origin !== undefined && config.CORS_ORIGINS.includes(origin))) return next(errors.crossSite());
    } else if (site === undefined && req.headers.origin !== undefined && !allowed(origin)) {
      return next(errors.crossSite());
    }
    if (req.headers.cookie && !req.headers.authorization && AUTHENTICATED.test(req.path)) {
      if (!staffCookie || !offersCookie(req.headers.cookie, staffCookie)) return next(errors.cookieAuth());
      if (site !== undefined ? site !== 'same-origin' : origin !== undefined && origin !== ownOrigin) return next(errors.crossSite());
      if (req.headers[STAFF_CSRF_HEADER] !== STAFF_CSRF_VALUE) return next(errors.csrfGuardMissing());
    }
    next();
  };
}

/** Express `trust proxy` from TRUST_PROXY (config/safety.ts, where the oidc layer reads it too). */
export { trustProxySetting } from '../config/safety';
