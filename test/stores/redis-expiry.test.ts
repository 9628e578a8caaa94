/**
 * Expiry that Redis enforces is a duration computed from the service's clock, never an absolute
 * time: Redis compares an absolute expiry with its own wall clock, so a service clock that
 * disagrees (another host, or a test clock on another day) would make keys vanish at once or live
 * for years. Each store here is written with the clock a year off the wall clock, both ways.
 */
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { LinkStore } from '../../src/stores/linkStore';
import { AuditStore } from '../../src/stores/auditStore';
import { RecoveryStore } from '../../src/stores/recoveryStore';
import { redisKeys } from '../../src/stores/keys';
import { sha256Hex } from '../../src/crypto/secrets';

const YEAR_MS = 400 * 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

describe('Redis expiry is a duration from the injected clock', () => {
  const redis = new Redis(process.env.TEST_REDIS_URL as string);
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const keys = redisKeys(prefix);
  afterAll(async () => {
    const found = await redis.keys(`${prefix}:*`);
    if (found.length) await redis.del(...found);
    redis.disconnect();
  });

  /** The key's remaining life must be `expected` less at most the few ms this test took. */
  async function expectTtl(key: string, expected: number): Promise<void> {
    const ttl = await redis.pttl(key);
    expect(ttl).toBeLessThanOrEqual(expected);
    expect(ttl).toBeGreaterThan(expected - 10_000);
  }

  it.each([
    ['a year behind', -YEAR_MS],
    ['on time', 0],
    ['a year ahead', YEAR_MS],
  ])('a help-desk link lives until its expiry plus the tombstone, with the clock %s', async (_label, skew) => {
    const now = Date.now() + skew;
    const token = randomUUID();
    await new LinkStore(redis, keys).create(token, { username: 'ben.okafor', createdBy: 'agent-7', createdAt: now, expiresAt: now + DAY_MS }, now);
    await expectTtl(keys.link(sha256Hex(token)), DAY_MS + 7 * DAY_MS);
  });

  it.each([
    ['a year behind', -YEAR_MS],
    ['on time', 0],
    ['a year ahead', YEAR_MS],
  ])('a recovery record lives until its expiry plus the retention, with the clock %s', async (_label, skew) => {
    const now = Date.now() + skew;
    const id = randomUUID();
    const meta = {
      id,
      tokenHash: 'x',
      username: 'ben.okafor',
      userKey: 'ben.okafor',
      origin: 'self_service' as const,
      initiatedBy: null,
      provider: 'idemia',
      createdAt: now,
      expiresAt: now + 3_600_000,
      source: null,
    };
    await new RecoveryStore(redis, keys, new AuditStore(redis, keys)).create(
      meta,
      { value: 'awaiting_evidence' } as never,
      { status: 'awaiting_evidence', reason: null, accessPass: '' },
      now,
    );
    await expectTtl(keys.recovery(id), 3_600_000 + 30 * DAY_MS);
  });

  it('no source file sets an absolute expiry (EXPIREAT, PEXPIREAT, EXAT, PXAT)', () => {
    const root = path.resolve(__dirname, '../..');
    let found = '';
    try {
      found = execFileSync('git', ['grep', '-n', '-i', '-E', '\\b(p?expireat|exat|pxat)\\b', '--', 'src', 'providers', 'flows'], {
        cwd: root,
        encoding: 'utf8',
      });
    } catch (err) {
      if ((err as { status?: number }).status !== 1) throw err; // 1: nothing matched
    }
    expect(found).toBe('');
  });
});
