/**
 * "This wasn't me" tokens are redeemed once; a redemption whose command ioredis re-sends after a
 * reconnect (the reply was lost) still gets its record, and no one else does.
 */
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../src/context';
import { issueRepudiationToken, redeemRepudiationToken } from '../../src/safety/repudiationTokens';
import { echoingRedis } from '../support/echoingRedis';
import { redisKeys } from '../../src/stores/keys';
import { RepudiationTokenStore } from '../../src/stores/repudiationTokenStore';
import { TEST_EPOCH } from '../support/testClock';

describe('repudiation token redemption', () => {
  const redis = new Redis(process.env.TEST_REDIS_URL as string);
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const now = TEST_EPOCH;
  const ctxWith = (client: Redis) =>
    ({
      repudiationTokens: new RepudiationTokenStore(client, redisKeys(prefix)),
      clock: { now: () => now },
      config: { REPUDIATION_TTL_HOURS: 24 },
    }) as unknown as AppContext;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('is redeemed once even when redeemed concurrently', async () => {
    const { token } = await issueRepudiationToken(ctxWith(redis), 'r-1', 'ben.okafor');
    const results = await Promise.all(Array.from({ length: 6 }, () => redeemRepudiationToken(ctxWith(redis), token)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === 'used')).toHaveLength(5);
  });

  it('answers the redeeming request again when its command is re-sent', async () => {
    const { token } = await issueRepudiationToken(ctxWith(redis), 'r-2', 'ben.okafor');
    const echoing = echoingRedis('eval');
    try {
      expect(await redeemRepudiationToken(ctxWith(echoing), token)).toMatchObject({ ok: true, record: { recoveryId: 'r-2' } });
      expect(await redeemRepudiationToken(ctxWith(redis), token)).toEqual({ ok: false, error: 'used' });
    } finally {
      echoing.disconnect();
    }
  });
});
