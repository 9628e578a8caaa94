import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { RecoveryStore } from '../../src/stores/recoveryStore';
import { AuditStore } from '../../src/stores/auditStore';
import { redisKeys } from '../../src/stores/keys';
import { applyEvent, initialSnapshot, summaryOf, view } from '../../flows/transition';
import { echoingRedis } from '../support/echoingRedis';
import { TEST_EPOCH } from '../support/testClock';

describe('recovery store compare-and-set', () => {
  const redis = new Redis(process.env.TEST_REDIS_URL as string);
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const keys = redisKeys(prefix);
  const store = new RecoveryStore(redis, keys, new AuditStore(redis, keys));
  const entry = (actor: string) => ({ type: 'test', at: '1', actor, recoveryId: '', username: '', data: '{}' });
  const actors = async () => (await redis.xrange(keys.audit(), '-', '+')).map(([, f]) => f[f.indexOf('actor') + 1]);
  afterAll(async () => {
    const found = await redis.keys(`${prefix}:*`);
    if (found.length) await redis.del(...found);
    redis.disconnect();
  });

  it('lets exactly one of many concurrent writers of the same version win, with its side writes atomic', async () => {
    const id = randomUUID();
    const snap = initialSnapshot(3);
    await store.create(
      {
        id,
        tokenHash: 'h',
        username: 'u',
        userKey: 'u',
        origin: 'self_service',
        initiatedBy: null,
        provider: 'idemia',
        createdAt: TEST_EPOCH,
        expiresAt: TEST_EPOCH + 60_000,
        source: null,
      },
      snap,
      summaryOf(view(snap)),
      TEST_EPOCH,
    );
    const next = applyEvent(snap, { type: 'EVIDENCE_SUBMITTED' })!;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.compareAndSet(id, 1, next, summaryOf(view(next)), 2, [
          { key: `${prefix}:side:${i}`, value: 'x', ttlMs: 0 },
          { kind: 'audit', entry: entry(`writer-${i}`) },
        ]),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await redis.get(`${prefix}:side:${winner}`)).toBe('x');
    expect(await redis.keys(`${prefix}:side:*`)).toHaveLength(1);
    expect(await actors()).toEqual([`writer-${winner}`]);
    expect((await store.get(id))!.version).toBe(2);
    // The summary a status read uses moved with the snapshot, in the same write.
    expect((await store.getSummary(id))!.summary).toEqual({ status: 'verifying', reason: null, accessPass: 'none' });
  });

  it('reports a write whose reply was lost and that the client re-sent as won, and applies it once', async () => {
    const id = randomUUID();
    const snap = initialSnapshot(3);
    await store.create(
      {
        id,
        tokenHash: 'h',
        username: 'u',
        userKey: 'u',
        origin: 'self_service',
        initiatedBy: null,
        provider: 'idemia',
        createdAt: TEST_EPOCH,
        expiresAt: TEST_EPOCH + 60_000,
        source: null,
      },
      snap,
      summaryOf(view(snap)),
      TEST_EPOCH,
    );
    const echoing = echoingRedis('eval');
    try {
      const next = applyEvent(snap, { type: 'EVIDENCE_SUBMITTED' })!;
      const before = (await actors()).length;
      const won = await new RecoveryStore(echoing, keys, new AuditStore(echoing, keys)).compareAndSet(id, 1, next, summaryOf(view(next)), 2, [
        { kind: 'audit', entry: entry(`echo-${id}`) },
      ]);
      expect(won).toBe(true);
      expect((await actors()).filter((a) => a === `echo-${id}`)).toHaveLength(1);
      expect((await actors()).length).toBe(before + 1);
      expect((await store.get(id))!.version).toBe(2);
      // A writer that really lost still hears so.
      expect(await store.compareAndSet(id, 1, next, summaryOf(view(next)), 3)).toBe(false);
    } finally {
      echoing.disconnect();
    }
  });

  it('reads a record written before the summary fields existed as "no summary" (callers fall back to the snapshot)', async () => {
    const id = randomUUID();
    const snap = initialSnapshot(3);
    await store.create(
      {
        id,
        tokenHash: 'h',
        username: 'u',
        userKey: 'u',
        origin: 'self_service',
        initiatedBy: null,
        provider: 'idemia',
        createdAt: TEST_EPOCH,
        expiresAt: TEST_EPOCH + 60_000,
        source: null,
      },
      snap,
      summaryOf(view(snap)),
      TEST_EPOCH,
    );
    expect((await store.getSummary(id))!.summary.status).toBe('awaiting_evidence');
    // An older process (rolling deploy) moves the version without the summary: it is stale now.
    await redis.hincrby(keys.recovery(id), 'version', 1);
    expect(await store.getSummary(id)).toBeNull();
    await redis.hdel(keys.recovery(id), 'status', 'reason', 'accessPass');
    expect(await store.getSummary(id)).toBeNull();
    expect(await store.getSummary(randomUUID())).toBeNull();
  });
});
