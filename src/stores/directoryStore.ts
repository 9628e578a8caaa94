/**
 * The built-in directory (DIRECTORY=builtin): accounts an admin keeps in the service's own Redis.
 * Recoveries read it through the directory contract (src/connectors/builtin/builtinDirectory.ts). Users are indexed by folded name, so finding
 * the accounts that share a person's name (same-name handling) reads only those.
 */
import { createHash } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import { z } from 'zod';
import { foldName } from '../text/foldName';
import { userKey, type RedisKeys } from './keys';

export const DirectoryUserSchema = z.object({
  username: z.string().min(1).max(256),
  givenName: z.string().min(1).max(256),
  familyName: z.string().min(1).max(256),
  /** YYYY-MM-DD. A strong attribute for account matching. */
  birthDate: z.iso.date().optional(),
  /** The number of the person's government ID, when the organisation holds it. A strong attribute for account matching. */
  documentNumber: z.string().trim().min(1).max(64).optional(),
  /** The HR employee number, where the organisation keeps it here. */
  employeeId: z.string().trim().min(1).max(64).optional(),
  groups: z.array(z.string().min(1).max(256)).max(100).default([]),
  emails: z.array(z.email().max(320)).max(20).default([]),
  disabled: z.boolean().default(false),
});
export type DirectoryUser = z.infer<typeof DirectoryUserSchema>;

function nameHash(user: { givenName: string; familyName: string }): string {
  return createHash('sha256')
    .update(`${foldName(user.givenName)}\n${foldName(user.familyName)}`)
    .digest('hex')
    .slice(0, 32);
}

export class DirectoryStore {
  private indexReady = false;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async get(username: string): Promise<DirectoryUser | null> {
    const raw = await this.redis.get(this.keys.user(userKey(username)));
    return raw ? DirectoryUserSchema.parse(JSON.parse(raw)) : null;
  }

  /** Creates the user; false if the username is taken. */
  async create(user: DirectoryUser): Promise<boolean> {
    const key = userKey(user.username);
    const created = await this.redis.set(this.keys.user(key), JSON.stringify(user), 'NX');
    if (created) await this.indexed(this.redis.multi(), key, user);
    return created === 'OK';
  }

  async put(user: DirectoryUser): Promise<void> {
    const key = userKey(user.username);
    const before = await this.get(user.username);
    const multi = this.redis.multi();
    if (before && nameHash(before) !== nameHash(user)) multi.srem(this.keys.usersByName(nameHash(before)), key);
    await this.indexed(multi.set(this.keys.user(key), JSON.stringify(user)), key, user);
  }

  /**
   * Runs `multi` with the user listed and its name indexed. The first user of an empty directory
   * marks the index complete (a directory written before the index is indexed on first use).
   */
  private async indexed(multi: ChainableCommander, key: string, user: DirectoryUser): Promise<void> {
    const replies = await multi
      .sadd(this.keys.users(), key)
      .sadd(this.keys.usersByName(nameHash(user)), key)
      .scard(this.keys.users())
      .exec();
    const added = Number(replies?.at(-3)?.[1] ?? 0);
    const size = Number(replies?.at(-1)?.[1] ?? 0);
    if (added === 1 && size === 1) await this.redis.set(this.keys.usersByNameBuilt(), '1', 'NX');
  }

  async remove(username: string): Promise<boolean> {
    const key = userKey(username);
    const before = await this.get(username);
    const multi = this.redis.multi().del(this.keys.user(key)).srem(this.keys.users(), key);
    if (before) multi.srem(this.keys.usersByName(nameHash(before)), key);
    const [[, deleted] = []] = (await multi.exec()) ?? [];
    return deleted === 1;
  }

  async list(): Promise<DirectoryUser[]> {
    const keys = await this.redis.smembers(this.keys.users());
    return this.getMany(keys.sort());
  }

  /** The other accounts whose folded given and family names are this user's. */
  async sameName(user: DirectoryUser): Promise<DirectoryUser[]> {
    await this.ensureNameIndex();
    const keys = (await this.redis.smembers(this.keys.usersByName(nameHash(user)))).filter((k) => k !== userKey(user.username));
    return (await this.getMany(keys.sort())).filter((o) => nameHash(o) === nameHash(user));
  }

  private async getMany(keys: string[]): Promise<DirectoryUser[]> {
    if (keys.length === 0) return [];
    const raws = await this.redis.mget(keys.map((k) => this.keys.user(k)));
    return raws.flatMap((raw) => (raw ? [DirectoryUserSchema.parse(JSON.parse(raw))] : []));
  }

  /** A directory written before the index existed is indexed once (idempotent, so a race only repeats work). */
  private async ensureNameIndex(): Promise<void> {
    if (this.indexReady) return;
    if (!(await this.redis.exists(this.keys.usersByNameBuilt()))) {
      const multi = this.redis.multi();
      for (const user of await this.list()) multi.sadd(this.keys.usersByName(nameHash(user)), userKey(user.username));
      await multi.set(this.keys.usersByNameBuilt(), '1').exec();
    }
    this.indexReady = true;
  }
}
