/**
 * Rate-limit counters in Redis (rate-limiter-flexible `RateLimiterRedis`), shared by every API
 * process; which limits exist and what sets them: src/safety/limiters.ts.
 */
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisKeys } from './keys';

export interface RateLimitSpec {
  points: number;
  seconds: number;
}

/** A limiter whose counters live under `keys.rateLimit(name)`. */
export function rateLimitCounter(redis: Redis, keys: RedisKeys, name: string, spec: RateLimitSpec): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: keys.rateLimit(name),
    points: spec.points,
    duration: spec.seconds,
    // No in-process memory block: every decision is Redis's, so all processes agree and tests can reset it.
    // A consume that ioredis re-sends after a reconnect (its reply was lost) counts twice; for a
    // limit that only errs towards refusing early, so it is left so (chaos/repro/ioredisResend.ts).
    inMemoryBlockOnConsumed: 0,
  });
}
