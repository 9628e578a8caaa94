/**
 * A service instance for one test: its own Redis key prefix and BullMQ prefix, its own S3 key
 * prefix, its own mock vendors, a real listening HTTP server (vendors call back to it), and an
 * injectable clock. Shares only the run's private redis-server and s3rver (globalSetup).
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { loadConfig } from '../../src/config';
import { createContext, connectRedis, type Infrastructure } from '../../src/runtime/createContext';
import { createProviders } from '../../src/runtime/providers';
import { createApp } from '../../src/http/app';
import { handleServerErrors } from '../../src/http/serverErrors';
import { startWorkers, type Workers } from '../../src/workers/startWorkers';
import { createLogger } from '../../src/logger';
import type { Clock } from '../../src/clock';
import { documentCalendar, runningClock } from './testClock';
import type { AppContext } from '../../src/context';
import type { RedisKeys } from '../../src/stores/keys';
import { startMockVendors } from '../../providers/mock-kit/startMocks';
import { view } from '../../flows/transition';
import type { RecoveryStatus } from '../../flows/recoveryMachine';

export const ADMIN_KEY = 'admin-key-for-tests-0123456789';
export const HELPDESK_KEY = 'helpdesk-key-for-tests-0123456789';

export type MockVendors = Awaited<ReturnType<typeof startMockVendors>>;

export interface Harness {
  ctx: AppContext;
  /** Test-only: the connection the stores share and their keys, to inspect or corrupt stored state. */
  redis: Redis;
  keys: RedisKeys;
  baseUrl: string;
  prefix: string;
  infra: Infrastructure;
  env: Record<string, string>;
  mocks: MockVendors;
  startWorkers(): Workers;
  waitForStatus(id: string, done: (s: RecoveryStatus) => boolean, timeoutMs?: number): Promise<RecoveryStatus>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Default: a clock running from TEST_EPOCH (test/support/testClock.ts). */
  clock?: Clock;
  workers?: boolean;
  /** How long the mock vendors take to decide (default 20 ms). */
  vendorDelayMs?: number;
  /** Mocks of vendors with an account-wide webhook deliver to this service (default true). */
  vendorWebhooks?: boolean;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
  // The test clock, never today's date: it dates the mock vendors' document-expiry checks and
  // their protocol clocks too (token lifetimes, signed webhook timestamps), as a real vendor and
  // this service share one real clock. On the wall clock, a webhook signed "now" would fall outside
  // the replay window of a service on the test clock, and be refused.
  const clock = options.clock ?? runningClock();
  const mocks = await startMockVendors({
    processingDelayMs: options.vendorDelayMs ?? 20,
    analyze: documentCalendar(clock),
    now: () => new Date(clock.now()),
    ...(options.vendorWebhooks === false ? {} : { webhookBaseUrl: options.env?.WEBHOOK_BASE_URL ?? baseUrl }),
  });
  const evidenceKey = randomBytes(32);
  const env: Record<string, string> = {
    REDIS_URL: process.env.TEST_REDIS_URL as string,
    REDIS_PREFIX: prefix,
    S3_ENDPOINT: process.env.TEST_S3_ENDPOINT as string,
    S3_BUCKET: process.env.TEST_S3_BUCKET as string,
    S3_KEY_PREFIX: `${prefix}/`,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    ADMIN_API_KEY: ADMIN_KEY,
    HELPDESK_API_KEY: HELPDESK_KEY,
    EVIDENCE_KEY: evidenceKey.toString('base64'),
    PUBLIC_BASE_URL: baseUrl,
    IDV_POLL_INTERVAL_MS: '20',
    VERIFY_BACKOFF_MS: '20',
    LOG_LEVEL: 'silent',
    // Functional tests start many recoveries per user and IP; the limit tests (test/safety*.test.ts) turn them on.
    RATE_LIMITS_ENABLED: 'false',
    // Trusts Chromium's virtual authenticator (public key; tests and demo only): docs/attestation.md.
    ATTESTATION_METADATA_PATH: 'config/attestation-demo',
    ...options.env,
  };
  const config = loadConfig(env);
  const infra: Infrastructure = {
    redisUrl: env.REDIS_URL as string,
    evidenceKey,
    s3: {
      endpoint: env.S3_ENDPOINT,
      region: 'us-east-1',
      bucket: config.S3_BUCKET,
      forcePathStyle: true,
      keyPrefix: config.S3_KEY_PREFIX,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    },
  };
  const { ctx, redis, keys, close } = createContext(config, infra, createProviders(mocks.providersConfig, { now: () => clock.now() }), {
    clock,
    logger: createLogger('silent'),
  });
  server.on('request', createApp(ctx));
  handleServerErrors(server, ctx.logger);
  const running: Workers[] = [];
  const harness: Harness = {
    ctx,
    redis,
    keys,
    baseUrl,
    prefix,
    infra,
    env,
    mocks,
    startWorkers() {
      const workers = startWorkers(ctx, connectRedis(infra.redisUrl));
      running.push(workers);
      return workers;
    },
    async waitForStatus(id, done, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const record = await ctx.recoveries.get(id);
        const status = record ? view(record.snapshot).status : null;
        if (status && done(status)) return status;
        if (Date.now() > deadline) throw new Error(`recovery ${id} still ${status} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25)); // waiting for a worker, not for time to pass
      }
    },
    async close() {
      for (const w of running) await w.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await mocks.close();
      const left = await redis.keys(`${prefix}:*`);
      if (left.length > 0) await redis.del(...left);
      await close();
    },
  };
  if (options.workers !== false) harness.startWorkers();
  return harness;
}
