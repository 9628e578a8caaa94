/**
 * Queue-dashboard browser sessions, server-side so they can be ended: the cookie carries a random
 * 256-bit token, stored here only as its SHA-256, with the admin key's fingerprint (a rotated key
 * ends every session made with the old one). Signing out deletes one; an admin can delete all.
 * The TTL is a duration from the injected clock; the reader judges expiry on that clock too.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { newSecretToken, sha256Hex } from '../crypto/secrets';
import type { RedisKeys } from './keys';

const SessionSchema = z.object({ keyFingerprint: z.string(), createdAt: z.number(), expiresAt: z.number() });

export class DashboardSessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** A new session's token (for the cookie only; never stored in the clear). */
  async create(keyFingerprint: string, now: number, ttlMs: number): Promise<string> {
    const token = newSecretToken();
    const digest = sha256Hex(token);
    const session = { keyFingerprint, createdAt: now, expiresAt: now + ttlMs };
    await this.redis
      .multi()
      .set(this.keys.dashboardSession(digest), JSON.stringify(session), 'PX', ttlMs)
      .sadd(this.keys.dashboardSessions(), digest)
      .pexpire(this.keys.dashboardSessions(), ttlMs, 'GT')
      .exec();
    return token;
  }

  async isValid(token: string, keyFingerprint: string, now: number): Promise<boolean> {
    const raw = await this.redis.get(this.keys.dashboardSession(sha256Hex(token)));
    const parsed = raw ? SessionSchema.safeParse(JSON.parse(raw)) : null;
    return !!parsed?.success && parsed.data.keyFingerprint === keyFingerprint && parsed.data.expiresAt > now;
  }

  async revoke(token: string): Promise<void> {
    const digest = sha256Hex(token);
    await this.redis.multi().del(this.keys.dashboardSession(digest)).srem(this.keys.dashboardSessions(), digest).exec();
  }

  /** Ends every session; how many were live. */
  async revokeAll(): Promise<number> {
    const digests = await this.redis.smembers(this.keys.dashboardSessions());
    if (digests.length === 0) return 0;
    const replies = await this.redis
      .multi()
      .del(...digests.map((d) => this.keys.dashboardSession(d)))
      .srem(this.keys.dashboardSessions(), ...digests)
      .exec();
    return Number(replies?.[0]?.[1] ?? 0);
  }
}
