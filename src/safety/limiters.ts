/**
 * Redis-backed rate limiters (rate-limiter-flexible `RateLimiterRedis`), one per (action, key kind).
 * Counters live in Redis under `<REDIS_PREFIX>:rl:<name>` (stores/rateLimitStore.ts), so every API
 * process shares them. No context import here: the context type imports this file.
 */
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import type { LimitSpec } from '../config/safety';

/** Each limiter and the variable that sets it (`points/seconds`). */
export const LIMIT_SETTINGS = {
  startIp: 'RATE_LIMIT_START_PER_IP',
  startAccount: 'RATE_LIMIT_START_PER_ACCOUNT',
  startAccountDay: 'RATE_LIMIT_START_PER_ACCOUNT_DAY',
  startLink: 'RATE_LIMIT_START_PER_LINK',
  startGlobal: 'RATE_LIMIT_START_GLOBAL',
  evidenceIp: 'RATE_LIMIT_EVIDENCE_PER_IP',
  evidenceRecovery: 'RATE_LIMIT_EVIDENCE_PER_RECOVERY',
  evidenceAccountDay: 'RATE_LIMIT_EVIDENCE_PER_ACCOUNT_DAY',
  tapIp: 'RATE_LIMIT_TAP_PER_IP',
  tapAccount: 'RATE_LIMIT_TAP_PER_ACCOUNT',
  linksIp: 'RATE_LIMIT_LINKS_PER_IP',
  linksAgent: 'RATE_LIMIT_LINKS_PER_AGENT',
  linksAccount: 'RATE_LIMIT_LINKS_PER_ACCOUNT',
  repudiateIp: 'RATE_LIMIT_REPUDIATE_PER_IP',
  repudiateToken: 'RATE_LIMIT_REPUDIATE_PER_TOKEN',
  dashboardLogin: 'RATE_LIMIT_DASHBOARD_LOGIN_PER_IP',
  staffSignIn: 'RATE_LIMIT_STAFF_SIGN_IN_PER_IP',
} as const;

export type LimitName = keyof typeof LIMIT_SETTINGS;
export type Limiters = Record<LimitName, RateLimiterRedis>;
type LimitConfig = { [K in (typeof LIMIT_SETTINGS)[LimitName]]: LimitSpec };

/** `counter` makes one limiter's Redis counter (stores/rateLimitStore.ts rateLimitCounter). */
export function createLimiters(counter: (name: LimitName, spec: LimitSpec) => RateLimiterRedis, config: LimitConfig): Limiters {
  const entries = (Object.keys(LIMIT_SETTINGS) as LimitName[]).map((name) => [name, counter(name, config[LIMIT_SETTINGS[name]])]);
  return Object.fromEntries(entries) as Limiters;
}
