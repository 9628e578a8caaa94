/**
 * One Temporary Access Pass per user (a new one replaces the old, as in Entra), stored only as a
 * salted scrypt hash. Redemption is attempt-limited and a one-time pass is consumed atomically, so
 * two concurrent redemptions of the same code have exactly one effect.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { accessPassMatches } from '../crypto/accessPassHash';
import type { RedisKeys } from './keys';
import { userKey } from './keys';

export const AccessPassRecordSchema = z.object({
  id: z.string(),
  recoveryId: z.string(),
  salt: z.string(),
  hash: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  oneTimeUse: z.boolean(),
  maxAttempts: z.number(),
});
export type AccessPassRecord = z.infer<typeof AccessPassRecordSchema>;

export type RedeemOutcome = { ok: true; record: AccessPassRecord } | { ok: false; reason: 'no_pass' | 'expired' | 'used' | 'too_many_attempts' | 'wrong_code' };

export class AccessPassStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  keyFor(username: string): string {
    return this.keys.accessPass(userKey(username));
  }

  async get(username: string): Promise<AccessPassRecord | null> {
    const raw = await this.redis.get(this.keyFor(username));
    return raw ? AccessPassRecordSchema.parse(JSON.parse(raw)) : null;
  }

  async redeem(username: string, code: string, now: number): Promise<RedeemOutcome> {
    const record = await this.get(username);
    if (!record) return { ok: false, reason: 'no_pass' };
    if (now >= record.expiresAt) return { ok: false, reason: 'expired' };
    const ttl = Math.max(1, record.expiresAt - now);
    const usedKey = this.keys.accessPassUsed(userKey(username), record.id);
    const attemptsKey = this.keys.accessPassAttempts(userKey(username), record.id);
    if (record.oneTimeUse && (await this.redis.exists(usedKey))) return { ok: false, reason: 'used' };
    // Reserve the attempt before the comparison so parallel guesses cannot exceed the limit.
    const [[, attempts] = []] = (await this.redis.multi().incr(attemptsKey).pexpire(attemptsKey, ttl).exec()) ?? [];
    if (Number(attempts) > record.maxAttempts) return { ok: false, reason: 'too_many_attempts' };
    if (!(await accessPassMatches(code, record.salt, record.hash))) return { ok: false, reason: 'wrong_code' };
    if (record.oneTimeUse) {
      // The mark names this redemption: if ioredis re-sends the SET after a reconnect (its reply
      // was lost), the repeat fails NX, and reading our own mark back tells us we won after all.
      const mark = `${now}:${randomUUID()}`;
      const won = await this.redis.set(usedKey, mark, 'PX', ttl, 'NX');
      if (won !== 'OK' && (await this.redis.get(usedKey)) !== mark) return { ok: false, reason: 'used' };
    } else {
      await this.redis.decr(attemptsKey);
    }
    return { ok: true, record };
  }

  /** Stores the user's pass, replacing any earlier one; it expires with the pass. */
  async put(username: string, record: AccessPassRecord, now: number): Promise<void> {
    await this.redis.set(this.keyFor(username), JSON.stringify(record), 'PX', Math.max(1, record.expiresAt - now));
  }

  /**
   * A recovery's prepared pass (recovery/accessPassCandidate.ts): its key, for the atomic delete
   * when the pass is shown; whether one exists; the first one written wins (NX).
   */
  candidateKey(recoveryId: string): string {
    return this.keys.accessPassCandidate(recoveryId);
  }

  async hasCandidate(recoveryId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.accessPassCandidate(recoveryId))) === 1;
  }

  async saveCandidate(recoveryId: string, candidateJson: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.keys.accessPassCandidate(recoveryId), candidateJson, 'PX', ttlMs, 'NX');
  }

  async readCandidate(recoveryId: string): Promise<string | null> {
    return this.redis.get(this.keys.accessPassCandidate(recoveryId));
  }

  /** Invalidate the user's pass (after enrollment completes, or when the owner repudiates). */
  async revoke(username: string): Promise<void> {
    await this.redis.del(this.keyFor(username));
  }
}
