/**
 * oidc-provider's state (sessions, interactions, pushed requests, codes, tokens, grants) in Redis,
 * so any API process serves any step of a flow. Each instance is one hash: `payload` (the JSON
 * oidc-provider gave us) and `consumed` (epoch seconds, for single-use models). Every key expires
 * with the lifetime oidc-provider gives it (a duration in seconds, never an absolute date).
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys';
import { OIDC_CONSUME_SCRIPT } from './scripts/oidcConsume.lua';

export type OidcPayload = Record<string, unknown>;

export class OidcStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async upsert(model: string, id: string, payload: OidcPayload, expiresInSeconds: number | undefined): Promise<void> {
    const key = this.keys.oidcModel(model, id);
    const multi = this.redis.multi().del(key).hset(key, 'payload', JSON.stringify(payload));
    const ttl = expiresInSeconds && expiresInSeconds > 0 ? Math.ceil(expiresInSeconds) : 0;
    if (ttl) multi.expire(key, ttl);
    // Everything issued under one grant goes when the grant is revoked (a replayed code, RFC 6749 §4.1.2).
    if (typeof payload.grantId === 'string') {
      const grantKey = this.keys.oidcGrant(payload.grantId);
      multi.rpush(grantKey, key);
      if (ttl) multi.expire(grantKey, ttl, 'GT').expire(grantKey, ttl, 'NX');
    }
    const index = (key: string) => (ttl ? multi.set(key, id, 'EX', ttl) : multi.set(key, id));
    if (typeof payload.uid === 'string') index(this.keys.oidcUid(payload.uid));
    if (typeof payload.userCode === 'string') index(this.keys.oidcUserCode(payload.userCode));
    await multi.exec();
  }

  async find(model: string, id: string): Promise<OidcPayload | undefined> {
    const raw = await this.redis.hgetall(this.keys.oidcModel(model, id));
    if (!raw.payload) return undefined;
    const payload = JSON.parse(raw.payload) as OidcPayload;
    return raw.consumed ? { ...payload, consumed: Number(raw.consumed) } : payload;
  }

  async findByUid(model: string, uid: string): Promise<OidcPayload | undefined> {
    const id = await this.redis.get(this.keys.oidcUid(uid));
    return id ? this.find(model, id) : undefined;
  }

  async findByUserCode(model: string, userCode: string): Promise<OidcPayload | undefined> {
    const id = await this.redis.get(this.keys.oidcUserCode(userCode));
    return id ? this.find(model, id) : undefined;
  }

  async consume(model: string, id: string, nowSeconds: number): Promise<boolean> {
    return (await this.redis.eval(OIDC_CONSUME_SCRIPT, 1, this.keys.oidcModel(model, id), nowSeconds)) === 1;
  }

  async destroy(model: string, id: string): Promise<void> {
    await this.redis.del(this.keys.oidcModel(model, id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const grantKey = this.keys.oidcGrant(grantId);
    const members = await this.redis.lrange(grantKey, 0, -1);
    await this.redis.del(grantKey, ...members);
  }

  /** A passkey sign-in's challenge, single use, for the interaction's remaining lifetime. */
  async putChallenge(uid: string, challenge: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.keys.oidcChallenge(uid), challenge, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  async takeChallenge(uid: string): Promise<string | null> {
    return this.redis.getdel(this.keys.oidcChallenge(uid));
  }
}
