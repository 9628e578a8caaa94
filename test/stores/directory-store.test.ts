/** The directory's same-name index: kept through renames and removals, and built once for a directory written before it. */
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DirectoryStore } from '../../src/stores/directoryStore';
import { redisKeys, userKey } from '../../src/stores/keys';

describe('same-name lookup', () => {
  const redis = new Redis(process.env.TEST_REDIS_URL as string);
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const keys = redisKeys(prefix);
  const user = (username: string, givenName: string, familyName: string) => ({ username, givenName, familyName, groups: [], emails: [], disabled: false });
  afterAll(async () => {
    const found = await redis.keys(`${prefix}:*`);
    if (found.length) await redis.del(...found);
    redis.disconnect();
  });

  it('finds the others with the same folded name, following renames and removals', async () => {
    const store = new DirectoryStore(redis, keys);
    await store.create(user('ana.1', 'Ana', 'García Núñez'));
    await store.create(user('ana.2', 'ANA', 'Garcia-Nunez'));
    await store.create(user('ben.1', 'Ben', 'Okafor'));
    const ana1 = (await store.get('ana.1'))!;
    expect((await store.sameName(ana1)).map((u) => u.username)).toEqual(['ana.2']);
    await store.put(user('ana.2', 'Anna', 'Garcia Nunez'));
    expect(await store.sameName(ana1)).toEqual([]);
    await store.put(user('ben.1', 'Ana', 'Garcia Nunez'));
    expect((await store.sameName(ana1)).map((u) => u.username)).toEqual(['ben.1']);
    await store.remove('ben.1');
    expect(await store.sameName(ana1)).toEqual([]);
  });

  it('indexes a directory written before the index existed, once', async () => {
    const legacy = redisKeys(`${prefix}x`);
    for (const u of [user('wei.1', 'Wei', 'Chen'), user('wei.2', 'Wei', 'Chen')]) {
      await redis
        .multi()
        .set(legacy.user(userKey(u.username)), JSON.stringify(u))
        .sadd(legacy.users(), userKey(u.username))
        .exec();
    }
    const store = new DirectoryStore(redis, legacy);
    expect((await store.sameName((await store.get('wei.1'))!)).map((u) => u.username)).toEqual(['wei.2']);
    expect(await redis.exists(legacy.usersByNameBuilt())).toBe(1);
    const found = await redis.keys(`${prefix}x:*`);
    await redis.del(...found);
  });
});
