/** A Redis outage answers 503 problem+json with Retry-After (never a hang or a 500), and service resumes after. */
import request from 'supertest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedisChild, type RedisChild } from '../src/embedded/redisChild';
import { createHarness, type Harness } from './support/harness';

describe('Redis outage', () => {
  let redis: RedisChild;
  let h: Harness;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recovery-outage-'));
  beforeAll(async () => {
    redis = await startRedisChild({ appendOnly: true, dir });
    h = await createHarness({ workers: false, env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await h.close();
    await redis.stop();
  });

  it('answers 503 with Retry-After while Redis is down, and works again once it is back', async () => {
    await request(h.baseUrl).post('/v1/recoveries').send({ username: 'ben.okafor' }).expect(201);
    await redis.stop();
    const down = await request(h.baseUrl).post('/v1/recoveries').send({ username: 'ben.okafor' });
    expect(down.status).toBe(503);
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body.code).toBe('service.unavailable');
    redis = await startRedisChild({ appendOnly: true, dir, port: redis.port });
    await h.redis.ping(); // wait for the client to reconnect
    await request(h.baseUrl).post('/v1/recoveries').send({ username: 'ben.okafor' }).expect(201);
  });
});
