/**
 * The built-in directory: the accounts recoveries are matched against. A connector to a real
 * identity provider would implement the same three reads.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { userKey, type RedisKeys } from './keys';

export const DirectoryUserSchema = z.object({
  username: z.string().min(1).max(256),
  givenName: z.string().min(1).max(256),
  familyName: z.string().min(1).max(256),
  /** YYYY-MM-DD */
  birthDate: z.iso.date().optional(),
  groups: z.array(z.string().min(1).max(256)).max(100).default([]),
  emails: z.array(z.email().max(320)).max(20).default([]),
  disabled: z.boolean().default(false),
});
export type DirectoryUser = z.infer<typeof DirectoryUserSchema>;

export class DirectoryStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  async get(username: string): Promise<DirectoryUser | null> {
    const raw = await this.redis.get(this.keys.user(userKey(username)));
    return raw ? DirectoryUserSchema.parse(JSON.parse(raw)) : null;
  }

  /** Creates the user; false if the username is taken. */
  async create(user: DirectoryUser): Promise<boolean> {
    const key = userKey(user.username);
    const created = await this.redis.set(this.keys.user(key), JSON.stringify(user), 'NX');
    if (created) await this.redis.sadd(this.keys.users(), key);
    return created === 'OK';
  }

  async put(user: DirectoryUser): Promise<void> {
    const key = userKey(user.username);
    await this.redis.multi().set(this.keys.user(key), JSON.stringify(user)).sadd(this.keys.users(), key).exec();
  }

  async remove(username: string): Promise<boolean> {
    const key = userKey(username);
    const [[, deleted] = []] = (await this.redis.multi().del(this.keys.user(key)).srem(this.keys.users(), key).exec()) ?? [];
    return deleted === 1;
  }

  async list(): Promise<DirectoryUser[]> {
    const keys = await this.redis.smembers(this.keys.users());
    if (keys.length === 0) return [];
    const raws = await this.redis.mget(keys.sort().map((k) => this.keys.user(k)));
    return raws.flatMap((raw) => (raw ? [DirectoryUserSchema.parse(JSON.parse(raw))] : []));
  }
}
