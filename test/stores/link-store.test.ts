/**
 * Help-desk links are redeemed once, atomically; the redeeming start, if its command is re-sent
 * after a reconnect (ioredis does that when a reply was lost), still gets its link.
 */
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { LinkStore } from '../../src/stores/linkStore';
import { redisKeys } from '../../src/stores/keys';
import { echoingRedis } from '../support/echoingRedis';
import { TEST_EPOCH } from '../support/testClock';

describe('recovery link redemption', () => {
  const redis = new Redis(process.env.TEST_REDIS_URL as string);
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const store = new LinkStore(redis, redisKeys(prefix));
  const now = TEST_EPOCH;
  const link = { username: 'ben.okafor', createdBy: 'agent-7', createdAt: now, expiresAt: now + 60_000 };
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('is redeemed by exactly one of many concurrent starts; the others hear "used"', async () => {
    const token = randomUUID();
    await store.create(token, link, now);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.redeem(token, now, randomUUID())));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === 'used')).toHaveLength(7);
  });

  it('answers the redeeming start again when its command is re-sent, and still refuses anyone else', async () => {
    const token = randomUUID();
    await store.create(token, link, now);
    const echoing = echoingRedis('eval');
    try {
      expect(await new LinkStore(echoing, redisKeys(prefix)).redeem(token, now, 'recovery-1')).toEqual({ ok: true, link });
      expect(await store.redeem(token, now, 'recovery-2')).toEqual({ ok: false, error: 'used' });
    } finally {
      echoing.disconnect();
    }
  });

  it('refuses an expired link and an unknown token', async () => {
    const token = randomUUID();
    await store.create(token, link, now);
    expect(await store.redeem(token, link.expiresAt, randomUUID())).toEqual({ ok: false, error: 'expired' });
    expect(await store.redeem(randomUUID(), now, randomUUID())).toEqual({ ok: false, error: 'invalid' });
  });
});
