/**
 * The OpenID Provider's signing keys. Private JWKs are stored only sealed (AES-256-GCM, see
 * src/oidc/sealing.ts); what is stored here is opaque to Redis readers. A version counter tells
 * every API process that the key set changed, so each rebuilds its provider with the new JWKS.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from './keys';

export const StoredKeySchema = z.object({
  kid: z.string(),
  alg: z.literal('RS256'),
  /** Epoch ms (the service clock). */
  createdAt: z.number(),
  /** When it stopped signing (a rotation), epoch ms; null while it is the signing key. */
  retiredAt: z.number().nullable(),
  /** The private JWK, sealed: base64url. */
  sealed: z.string(),
});
export type StoredKey = z.infer<typeof StoredKeySchema>;

export class OidcKeyStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async list(): Promise<StoredKey[]> {
    const all = await this.redis.hgetall(this.keys.oidcKeys());
    return Object.values(all).map((raw) => StoredKeySchema.parse(JSON.parse(raw)));
  }

  /** Changes whenever a key is added, retired or removed. */
  async version(): Promise<string> {
    return (await this.redis.get(this.keys.oidcKeysVersion())) ?? '0';
  }

  /** Adds `added`, saves the keys it retires and removes `removed` in one transaction. */
  async write(changed: StoredKey[], removed: string[]): Promise<void> {
    const multi = this.redis.multi();
    for (const key of changed) multi.hset(this.keys.oidcKeys(), key.kid, JSON.stringify(StoredKeySchema.parse(key)));
    if (removed.length > 0) multi.hdel(this.keys.oidcKeys(), ...removed);
    await multi.incr(this.keys.oidcKeysVersion()).exec();
  }

  /** One process at a time creates or rotates keys; the lock lapses by itself if that process dies. */
  async claimRotation(ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.oidcKeysLock(), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async releaseRotation(): Promise<void> {
    await this.redis.del(this.keys.oidcKeysLock());
  }
}
