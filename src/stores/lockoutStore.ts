/**
 * Self-service locks and the counts that lead to them (the policy is src/safety/lockout.ts).
 * Accounts arrive as hashed account keys, so unknown names cost exactly what real ones do. A lock
 * is judged on the injected clock by its reader; the Redis TTL is a duration computed from that
 * clock, and only cleans up (an hour after the lock ends).
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from './keys';

export const LockSchema = z.object({
  reason: z.enum(['failed_recoveries', 'suspected_attack', 'owner_repudiated']),
  since: z.number(),
  /** Epoch ms; null = until an admin clears it. */
  until: z.number().nullable(),
  recoveryId: z.string().nullable(),
});
export type Lock = z.infer<typeof LockSchema>;

const CLEAN_UP_AFTER_MS = 3_600_000;

export class LockoutStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  accountLock(account: string, now: number): Promise<Lock | null> {
    return this.readActive(this.keys.accountLock(account), now);
  }

  sourcePause(source: string, account: string, now: number): Promise<Lock | null> {
    return this.readActive(this.keys.sourcePause(source, account), now);
  }

  writeAccountLock(account: string, lock: Lock, now: number): Promise<void> {
    return this.write(this.keys.accountLock(account), lock, now);
  }

  /** Pauses the account from this source and starts its failure count afresh. */
  async writeSourcePause(source: string, account: string, lock: Lock, now: number): Promise<void> {
    await this.write(this.keys.sourcePause(source, account), lock, now);
    await this.redis.del(this.keys.sourceFailures(source, account));
  }

  /** Removes the account lock and its attack count. */
  async clearAccount(account: string): Promise<void> {
    await this.redis.del(this.keys.accountLock(account), this.keys.attackSources(account));
  }

  async clearAttackSources(account: string): Promise<void> {
    await this.redis.del(this.keys.attackSources(account));
  }

  /** Counts one more rejected recovery from the source, within the window; how many the window holds. */
  countSourceFailure(source: string, account: string, recoveryId: string, now: number, windowMs: number): Promise<number> {
    return this.countInWindow(this.keys.sourceFailures(source, account), recoveryId, now, windowMs);
  }

  /** Counts the source among those that showed signs of attack on the account; how many distinct ones the window holds. */
  countAttackSource(account: string, source: string, now: number, windowMs: number): Promise<number> {
    return this.countInWindow(this.keys.attackSources(account), source, now, windowMs);
  }

  private async readActive(key: string, now: number): Promise<Lock | null> {
    const raw = await this.redis.get(key);
    if (!raw) return null;
    const lock = LockSchema.parse(JSON.parse(raw));
    return lock.until === null || lock.until > now ? lock : null;
  }

  private async write(key: string, lock: Lock, now: number): Promise<void> {
    if (lock.until === null) await this.redis.set(key, JSON.stringify(lock));
    else await this.redis.set(key, JSON.stringify(lock), 'PX', Math.max(1, lock.until - now) + CLEAN_UP_AFTER_MS);
  }

  /** Adds `member` at `now` to a sorted set that keeps `windowMs`; returns how many it holds. */
  private async countInWindow(key: string, member: string, now: number, windowMs: number): Promise<number> {
    const replies = await this.redis
      .multi()
      .zadd(key, now, member)
      .zremrangebyscore(key, '-inf', now - windowMs)
      .zcard(key)
      .pexpire(key, windowMs)
      .exec();
    return Number(replies?.[2]?.[1] ?? 0);
  }
}
