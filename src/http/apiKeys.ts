/**
 * Staff and machine authentication by API key. Two kinds of key are accepted for a role:
 * - the role's bootstrap key from the environment (ADMIN_API_KEY, HELPDESK_API_KEY,
 *   REVIEWER_API_KEY), kept only as its SHA-256 digest after boot; its actor is the role itself;
 * - a named key an admin created (`/v1/admin/api-keys`), looked up by digest; its actor is
 *   `<role>:<name>`. A revoked key, or one of another role, is refused.
 * The actor recorded in the audit comes from the key alone. A name the caller sends (the old
 * `X-Agent-Id`) is ignored: anyone holding a shared key could claim to be anyone.
 *
 * Without an Authorization header, a person signed in with the organisation's OpenID Provider is
 * accepted by their staff session cookie when their roles include this one (http/staffSession.ts);
 * the actor is then that person. The CSRF guard (securityHeaders.ts) has already refused a
 * state-changing cookie request that did not come from our own pages.
 */
import type { RequestHandler } from 'express';
import type { AppContext } from '../context';
import { matchesHash, sha256Hex } from '../crypto/secrets';
import { errors } from '../errors';
import type { ApiKeyRole } from '../stores/apiKeyStore';
import { bearer } from './validate';
import { staffActor, staffSessionOf } from './staffSession';

/** `reviewer`: trusted referees deciding `in_review` cases (NIST SP 800-63A-4 §3.1.13). */
export type Role = ApiKeyRole;

function bootstrapKey(ctx: AppContext, role: Role): string | undefined {
  return role === 'admin' ? ctx.config.ADMIN_API_KEY : role === 'helpdesk' ? ctx.config.HELPDESK_API_KEY : ctx.config.REVIEWER_API_KEY;
}

export function requireRole(ctx: AppContext, role: Role): RequestHandler {
  const configured = bootstrapKey(ctx, role);
  const digest = configured ? sha256Hex(configured) : null;
  return (req, res, next) => {
    const presented = bearer(req);
    if (!presented) {
      return staffSessionOf(ctx, req).then((session) => {
        if (!session) return next(errors.unauthorized());
        if (!session.roles.includes(role)) return next(errors.forbidden());
        res.locals.actor = staffActor(session, role);
        next();
      }, next);
    }
    if (digest && matchesHash(presented, digest)) {
      res.locals.actor = { role, id: role };
      return next();
    }
    ctx.apiKeys.byDigest(sha256Hex(presented)).then((key) => {
      if (!key || key.revokedAt !== null || key.role !== role) return next(errors.unauthorized());
      res.locals.actor = { role, id: `${role}:${key.name}`, keyId: key.id };
      next();
    }, next);
  };
}
