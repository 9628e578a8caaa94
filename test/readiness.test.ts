/**
 * `/readyz` reflects Redis, S3 and worker liveness; workers prove they are alive with a
 * heartbeat key in Redis that expires on its own.
 */
import request from 'supertest';
import { createHarness, type Harness } from './support/harness';

describe('/readyz', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ workers: false, env: { WORKER_HEARTBEAT_INTERVAL_MS: '1000' } });
  });
  afterAll(() => h.close());

  it('is not ready while no worker has a recent heartbeat, and ready once workers start', async () => {
    const before = await request(h.baseUrl).get('/readyz').expect(503);
    expect(before.body).toEqual({ status: 'not_ready', checks: { redis: true, s3: true, workers: false } });

    h.startWorkers();
    const after = await request(h.baseUrl).get('/readyz').expect(200);
    expect(after.body).toEqual({ status: 'ready', checks: { redis: true, s3: true, workers: true } });
  });

  it('keeps the heartbeat only as long as three intervals, so a dead worker stops counting on its own', async () => {
    const ttl = await h.redis.pttl(h.keys.workerHeartbeat());
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3000);
    const beat = JSON.parse((await h.redis.get(h.keys.workerHeartbeat())) ?? '{}') as Record<string, unknown>;
    expect(beat).toMatchObject({ pid: process.pid, at: expect.any(Number) });
  });

  it('is not ready when the heartbeat is gone (its TTL ran out)', async () => {
    await h.redis.del(h.keys.workerHeartbeat());
    const res = await request(h.baseUrl).get('/readyz').expect(503);
    expect(res.body.checks).toEqual({ redis: true, s3: true, workers: false });
  });
});

describe('/readyz with READYZ_REQUIRE_WORKERS=false', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ workers: false, env: { READYZ_REQUIRE_WORKERS: 'false' } });
  });
  afterAll(() => h.close());

  it('reports missing workers without taking the API out of rotation', async () => {
    const res = await request(h.baseUrl).get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { redis: true, s3: true, workers: false } });
  });
});
