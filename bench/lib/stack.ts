/**
 * Everything the benchmark runs against: a private redis-server and an s3rver (the same children
 * as the embedded default), and the service's API and worker processes started per scenario with
 * the settings it needs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startRedisChild, type RedisChild } from '../../src/embedded/redisChild';
import { startS3rverChild, type S3rverChild } from '../../src/embedded/s3rverChild';
import { freePort } from '../../src/embedded/freePort';
import { startProc, type Proc } from './procs';
import { findPids } from './cpu';

export const PREFIX = 'bench';
export const ADMIN_KEY = randomBytes(24).toString('base64url');
export const METRICS_TOKEN = randomBytes(24).toString('base64url');
const WEBHOOK_SECRET = randomBytes(24).toString('base64url');

/** Extra node flags for every service process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p` (a debugging aid). */
const EXTRA_NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

export interface ServiceOptions {
  /** Simulated vendor latency range, ms (0 = answers at once). */
  vendorMs?: [number, number];
  env?: Record<string, string>;
  nodeArgs?: string[];
}

export interface Stack {
  redis: Redis;
  redisUrl: string;
  logDir: string;
  startApi(o?: ServiceOptions): Promise<Proc & { url: string }>;
  startWorker(apiUrl: string, o?: ServiceOptions): Promise<Proc & { metricsUrl: string }>;
  startBaselineServer(): Promise<Proc & { url: string }>;
  startBaselineWorker(queue: string, concurrency: number): Promise<Proc>;
  /** The redis-server and s3rver processes, for CPU accounting. */
  pids(): { redis: number[]; s3: number[] };
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'recovery-bench-'));
  const redisChild: RedisChild = await startRedisChild();
  const s3: S3rverChild = await startS3rverChild('bench-evidence');
  const redis = new Redis(redisChild.url, { maxRetriesPerRequest: null });
  const evidenceKey = randomBytes(32).toString('base64');
  const base = (port: number, o: ServiceOptions): Record<string, string> => ({
    NODE_ENV: 'production',
    REDIS_URL: redisChild.url,
    REDIS_PREFIX: PREFIX,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: 'bench-evidence',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    EVIDENCE_KEY: evidenceKey,
    ADMIN_API_KEY: ADMIN_KEY,
    HELPDESK_API_KEY: randomBytes(24).toString('base64url'),
    METRICS_TOKEN,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'info',
    IDV_PROVIDER: 'idemia',
    // Per-IP limits would refuse one load generator; they stay on (their cost is measured) but high.
    RATE_LIMIT_START_PER_IP: '999999/1',
    RATE_LIMIT_EVIDENCE_PER_IP: '999999/1',
    RATE_LIMIT_START_GLOBAL: '999999/1',
    BENCH_VENDOR_MIN_MS: String(o.vendorMs?.[0] ?? 0),
    BENCH_VENDOR_MAX_MS: String(o.vendorMs?.[1] ?? 0),
    BENCH_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ...o.env,
  });
  let apiPort = 0;
  return {
    redis,
    redisUrl: redisChild.url,
    logDir,
    async startApi(o = {}) {
      apiPort = await freePort();
      const proc = await startProc({
        name: 'api',
        script: 'bench/serviceProcess.js',
        env: { ...base(apiPort, o), ROLE: 'api' },
        logDir,
        nodeArgs: o.nodeArgs ?? EXTRA_NODE_ARGS,
      });
      return { ...proc, url: proc.ready };
    },
    async startWorker(apiUrl, o = {}) {
      const metricsPort = await freePort();
      const env = { ...base(Number(new URL(apiUrl).port), o), ROLE: 'worker', WORKER_METRICS_PORT: String(metricsPort) };
      const proc = await startProc({ name: 'worker', script: 'bench/serviceProcess.js', env, logDir, nodeArgs: o.nodeArgs ?? EXTRA_NODE_ARGS });
      return { ...proc, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
    },
    async startBaselineServer() {
      const proc = await startProc({
        name: 'baseline-server',
        script: 'bench/baselineServer.js',
        env: { REDIS_URL: redisChild.url, NODE_ENV: 'production' },
        logDir,
      });
      return { ...proc, url: proc.ready };
    },
    startBaselineWorker(queue, concurrency) {
      return startProc({
        name: 'baseline-worker',
        script: 'bench/baselineWorker.js',
        logDir,
        env: { REDIS_URL: redisChild.url, REDIS_PREFIX: PREFIX, QUEUE: queue, CONCURRENCY: String(concurrency) },
      });
    },
    pids() {
      return { redis: findPids(new RegExp(`^redis-server 127\\.0\\.0\\.1:${redisChild.port}\\b`)), s3: findPids(/s3rverProcess\.js \S+ bench-evidence/) };
    },
    async reset() {
      await redis.flushall();
    },
    async stop() {
      redis.disconnect();
      await s3.stop();
      await redisChild.stop();
    },
  };
}

/** A counter or gauge from a Prometheus text exposition (the sum over label sets matching `labels`). */
export async function scrapeSum(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await res.text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
