/**
 * Consumes one point from several limiters at once and turns any refusal into 429 problem+json
 * with `Retry-After` (the longest wait among the refusals). The message is the same whichever key
 * was refused, so a 429 never tells whether a username is an account (OWASP ASVS 5.0 §6.3.8).
 */
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { AppContext } from '../context';
import { errors } from '../errors';
import { sha256Hex } from '../crypto/secrets';
import { userKey } from '../stores/keys';
import type { LimitName } from './limiters';

export type LimitCheck = [LimitName, string];

export async function consumeLimits(ctx: AppContext, checks: LimitCheck[]): Promise<void> {
  if (!ctx.config.RATE_LIMITS_ENABLED || checks.length === 0) return;
  const results = await Promise.allSettled(checks.map(([name, key]) => ctx.limiters[name].consume(key)));
  let waitMs = 0;
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    if (!(result.reason instanceof RateLimiterRes)) throw result.reason; // Redis failure: fail closed (500)
    waitMs = Math.max(waitMs, result.reason.msBeforeNext);
  }
  if (waitMs > 0) throw errors.rateLimited(Math.max(1, Math.ceil(waitMs / 1000)));
}

/**
 * The per-account key: the username as typed, normalised like the directory does, then hashed so
 * no username sits in a key name. The same work for a real or an unknown username.
 */
export function accountKey(username: string): string {
  return sha256Hex(userKey(username));
}
