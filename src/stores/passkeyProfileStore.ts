/**
 * Passkey profiles in one Redis hash (name → JSON). The profiles file is the baseline: each of its
 * profiles is created when missing, once per process, and never overwrites an admin's edit.
 */
import type { Redis } from 'ioredis';
import { DEFAULT_PROFILE, PasskeyProfileSchema, type PasskeyProfile } from './passkeyProfileSchema';
import type { RedisKeys } from './keys';

export class PasskeyProfileStore {
  private seeded: Promise<void> | null = null;
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    keys: RedisKeys,
    private readonly baseline: readonly PasskeyProfile[],
  ) {
    this.key = keys.passkeyProfiles();
  }

  async list(): Promise<PasskeyProfile[]> {
    await this.seed();
    const all = await this.redis.hgetall(this.key);
    return Object.keys(all)
      .sort()
      .map((name) => PasskeyProfileSchema.parse(JSON.parse(all[name] as string)));
  }

  async get(name: string): Promise<PasskeyProfile | null> {
    await this.seed();
    const raw = await this.redis.hget(this.key, name);
    return raw ? PasskeyProfileSchema.parse(JSON.parse(raw)) : null;
  }

  /** Creates or replaces a profile; returns the previous version (for the audit's before/after). */
  async put(profile: PasskeyProfile): Promise<PasskeyProfile | null> {
    await this.seed();
    const [[, before] = []] = (await this.redis.multi().hget(this.key, profile.name).hset(this.key, profile.name, JSON.stringify(profile)).exec()) ?? [];
    return typeof before === 'string' ? PasskeyProfileSchema.parse(JSON.parse(before)) : null;
  }

  /** Removes a profile; the default profile cannot be removed (callers check first). */
  async remove(name: string): Promise<PasskeyProfile | null> {
    if (name === DEFAULT_PROFILE) throw new Error('the default passkey profile cannot be removed');
    await this.seed();
    const [[, before] = []] = (await this.redis.multi().hget(this.key, name).hdel(this.key, name).exec()) ?? [];
    return typeof before === 'string' ? PasskeyProfileSchema.parse(JSON.parse(before)) : null;
  }

  private seed(): Promise<void> {
    this.seeded ??= (async () => {
      const pipeline = this.redis.pipeline();
      for (const profile of this.baseline) pipeline.hsetnx(this.key, profile.name, JSON.stringify(profile));
      await pipeline.exec();
    })().catch((err: unknown) => {
      this.seeded = null; // retry on the next call rather than caching a failure
      throw err;
    });
    return this.seeded;
  }
}
