/**
 * Role API keys. Only their SHA-256 digests are kept after boot; a presented key is hashed and
 * compared in constant time.
 */
import type { RequestHandler } from 'express';
import { matchesHash, sha256Hex } from '../crypto/secrets';
import { errors } from '../errors';
import { bearer } from './validate';

/** `reviewer`: trusted referees deciding `in_review` cases (NIST SP 800-63A-4 §3.1.13). */
export type Role = 'admin' | 'helpdesk' | 'reviewer';

export function requireRole(role: Role, configuredKey: string | undefined): RequestHandler {
  const digest = configuredKey ? sha256Hex(configuredKey) : null;
  return (req, res, next) => {
    const presented = bearer(req);
    if (!digest || !presented || !matchesHash(presented, digest)) return next(errors.unauthorized());
    res.locals.actor = { role, id: role === 'admin' ? 'admin' : agentId(role, req.headers['x-agent-id']) };
    next();
  };
}

/** Agents and reviewers may name themselves for the audit trail; the key, not the name, is the credential. */
function agentId(role: 'helpdesk' | 'reviewer', header: string | string[] | undefined): string {
  const value = typeof header === 'string' ? header.trim() : '';
  return /^[\w.@-]{1,64}$/.test(value) ? `${role}:${value}` : role;
}
