import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AccessPassStore, type AccessPassRecord } from '../../src/stores/accessPassStore';
import { redisKeys } from '../../src/stores/keys';
import { generateAccessPass, hashAccessPass, ACCESS_PASS_ALPHABET } from '../../src/policies/accessPass';
import { echoingRedis } from '../support/echoingRedis';
import { TEST_EPOCH } from '../support/testClock';

describe('access pass redemption', () => {
  const redis = new Redis(process.env.TEST_REDIS_URL as string);
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const store = new AccessPassStore(redis, redisKeys(prefix));
  const now = TEST_EPOCH;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  async function issue(username: string, overrides: Partial<AccessPassRecord> = {}): Promise<string> {
    const code = generateAccessPass(12);
    const record: AccessPassRecord = {
      id: randomUUID(),
      recoveryId: randomUUID(),
      ...(await hashAccessPass(code)),
      createdAt: now,
      expiresAt: now + 60 * 60_000,
      oneTimeUse: true,
      maxAttempts: 3,
      ...overrides,
    };
    await redis.set(store.keyFor(username), JSON.stringify(record));
    return code;
  }

  it('draws codes from the unambiguous alphabet and stores only a salted hash', async () => {
    const code = await issue('hash.user');
    expect([...code].every((c) => ACCESS_PASS_ALPHABET.includes(c))).toBe(true);
    expect(await redis.get(store.keyFor('hash.user'))).not.toContain(code);
  });

  it('still redeems when the client re-sends the "used" mark after a reconnect (the echo is not a second use)', async () => {
    const code = await issue('echo.user');
    const echoing = echoingRedis('set');
    try {
      const outcome = await new AccessPassStore(echoing, redisKeys(prefix)).redeem('echo.user', code, now);
      expect(outcome.ok).toBe(true);
      expect((await store.redeem('echo.user', code, now)).ok).toBe(false);
    } finally {
      echoing.disconnect();
    }
  });

  it('redeems a one-time pass exactly once, even when redeemed concurrently', async () => {
    const code = await issue('once.user', { maxAttempts: 50 });
    const results = await Promise.all(Array.from({ length: 10 }, () => store.redeem('once.user', code, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'used')).toBe(true);
  });

  it('refuses an expired pass and burns a pass after too many wrong codes', async () => {
    const expired = await issue('late.user');
    expect(await store.redeem('late.user', expired, now + 60 * 60_000)).toEqual({ ok: false, reason: 'expired' });
    const code = await issue('guess.user');
    for (let i = 0; i < 3; i += 1) expect(await store.redeem('guess.user', 'WRONGWRONG22', now)).toEqual({ ok: false, reason: 'wrong_code' });
    expect(await store.redeem('guess.user', code, now)).toEqual({ ok: false, reason: 'too_many_attempts' });
  });

  it('lets a multi-use pass be used again, and a new pass replaces the old one', async () => {
    const first = await issue('multi.user', { oneTimeUse: false });
    expect((await store.redeem('multi.user', first, now)).ok).toBe(true);
    expect((await store.redeem('multi.user', first, now)).ok).toBe(true);
    const second = await issue('multi.user', { oneTimeUse: false });
    expect(await store.redeem('multi.user', first, now)).toEqual({ ok: false, reason: 'wrong_code' });
    expect((await store.redeem('multi.user', second, now)).ok).toBe(true);
    await store.revoke('multi.user');
    expect(await store.redeem('multi.user', second, now)).toEqual({ ok: false, reason: 'no_pass' });
  });
});
