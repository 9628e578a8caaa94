/**
 * Self-service lockout of one account (the username as typed, normalised and hashed, so unknown
 * names behave exactly like real ones). Two causes:
 * - `failed_recoveries`: LOCKOUT_FAILED_RECOVERIES rejected recoveries within LOCKOUT_WINDOW_HOURS
 *   lock self-service for LOCKOUT_COOLDOWN_MINUTES (OWASP ASVS 5.0 §6.3.5 suspicious attempts);
 * - `owner_repudiated`: the owner said "this wasn't me" after a completed recovery; locked until
 *   an admin clears it (NIST SP 800-63B-4 §4.2.3 repudiation, §4.3 suspend on compromise).
 * Expiry is judged on the injected clock; Redis TTLs only clean up.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import { accountKey } from './consumeLimits';

export const LockSchema = z.object({
  reason: z.enum(['failed_recoveries', 'owner_repudiated']),
  since: z.number(),
  /** Epoch ms; null = until an admin clears it. */
  until: z.number().nullable(),
  recoveryId: z.string().nullable(),
});
export type Lock = z.infer<typeof LockSchema>;

const lockKey = (ctx: AppContext, username: string) => `${ctx.config.REDIS_PREFIX}:safety:lock:${accountKey(username)}`;
const failuresKey = (ctx: AppContext, username: string) => `${ctx.config.REDIS_PREFIX}:safety:failures:${accountKey(username)}`;

/** The active lock, or null. One GET whatever the username. */
export async function readLock(ctx: AppContext, username: string): Promise<Lock | null> {
  const raw = await ctx.redis.get(lockKey(ctx, username));
  if (!raw) return null;
  const lock = LockSchema.parse(JSON.parse(raw));
  return lock.until === null || lock.until > ctx.clock.now() ? lock : null;
}

export async function writeLock(ctx: AppContext, username: string, lock: Lock): Promise<void> {
  const key = lockKey(ctx, username);
  if (lock.until === null) await ctx.redis.set(key, JSON.stringify(lock));
  else await ctx.redis.set(key, JSON.stringify(lock), 'PX', Math.max(1, lock.until - ctx.clock.now()) + 3_600_000);
}

/** Clears the lock and the failure count; returns the lock that was active, if any. */
export async function clearLock(ctx: AppContext, username: string): Promise<Lock | null> {
  const active = await readLock(ctx, username);
  await ctx.redis.del(lockKey(ctx, username), failuresKey(ctx, username));
  return active;
}

/**
 * Counts a rejected recovery; returns the new lock when this failure crossed the threshold. While
 * locked nothing is counted, so the generic rejections of a locked account do not extend the lock.
 */
export async function recordFailedRecovery(ctx: AppContext, username: string, recoveryId: string): Promise<Lock | null> {
  if (await readLock(ctx, username)) return null;
  const now = ctx.clock.now();
  const windowMs = ctx.config.LOCKOUT_WINDOW_HOURS * 3_600_000;
  const key = failuresKey(ctx, username);
  const replies = await ctx.redis.multi()
    .zadd(key, now, recoveryId).zremrangebyscore(key, '-inf', now - windowMs).zcard(key).pexpire(key, windowMs).exec();
  const count = Number(replies?.[2]?.[1] ?? 0);
  if (count < ctx.config.LOCKOUT_FAILED_RECOVERIES) return null;
  const lock: Lock = { reason: 'failed_recoveries', since: now, until: now + ctx.config.LOCKOUT_COOLDOWN_MINUTES * 60_000, recoveryId };
  await writeLock(ctx, username, lock);
  await ctx.redis.del(key);
  return lock;
}
