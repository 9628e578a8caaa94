/** Webhook delivery de-duplication in bounded memory (src/stores/webhookStore.ts, scripts/firstDelivery.lua.ts). */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisKeys } from '../../src/stores/keys';
import { WebhookStore } from '../../src/stores/webhookStore';

describe('WebhookStore.firstDelivery', () => {
  const redis = new Redis(process.env.TEST_REDIS_URL as string);
  const keys = redisKeys(`t${randomBytes(5).toString('hex')}`);
  const store = new WebhookStore(redis, keys, { windowMs: 60_000, maxIds: 3 });
  afterAll(() => redis.quit());

  it('acts on a delivery once, per vendor, and again once the window has passed', async () => {
    const t = 1_000_000;
    expect(await store.firstDelivery('v', 'e1', t)).toBe(true);
    expect(await store.firstDelivery('v', 'e1', t + 1)).toBe(false); // a replay, or the vendor's retry
    expect(await store.firstDelivery('w', 'e1', t + 1)).toBe(true); // another vendor's id space
    expect(await store.firstDelivery('v', 'e1', t + 60_001)).toBe(true);
  });

  it('keeps at most maxIds ids, forgetting the oldest first', async () => {
    const t = 2_000_000;
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) expect(await store.firstDelivery('bounded', id, t + i)).toBe(true);
    expect(await redis.zcard(keys.webhookDeliveries('bounded'))).toBe(3);
    expect(await store.firstDelivery('bounded', 'd', t + 10)).toBe(false);
    expect(await store.firstDelivery('bounded', 'a', t + 10)).toBe(true); // forgotten: at worst one extra "fetch now"
  });
});
