/**
 * Verification pipeline: N recoveries are queued as `verifying` (uploaded through the API while
 * no worker runs), then one worker process drains them with the instant simulated vendor: read the
 * record and the encrypted evidence from S3, submit, decide, advance, audit, delete the evidence.
 * The floor: raw BullMQ no-op jobs on the same Redis at the same concurrency. Both rates come from
 * BullMQ's own job timestamps (first `processedOn` to last `finishedOn`), so process start-up is
 * not counted.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { benchImages, benchUser, seedUsers, start, upload } from '../lib/client';
import { pool, sleep } from '../lib/stats';
import { PREFIX, type Stack } from '../lib/stack';
import { meterCpu } from '../lib/cpu';

export interface PipelineRound {
  service: number;
  baseline: number;
  /** CPU milliseconds per job, by process (the worker, Redis, the S3 stand-in). */
  serviceCpuMs: Record<string, number>;
  baselineCpuMs: Record<string, number>;
}

export type Measured = { rate: number; cpuMs: Record<string, number> };
const perJob = (cpu: Record<string, number>, n: number) => Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, (v * 1000) / n]));

async function waitCompleted(redis: Redis, queue: string, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await redis.zcard(`${PREFIX}:${queue}:completed`)) < count) {
    if (Date.now() > deadline) throw new Error(`${queue}: ${count} jobs not completed within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Jobs per second between the first job taken and the last one finished. */
async function rate(redis: Redis, queue: string, jobIds: string[]): Promise<number> {
  const pipe = redis.pipeline();
  for (const id of jobIds) pipe.hmget(`${PREFIX}:${queue}:${id}`, 'processedOn', 'finishedOn');
  const rows = ((await pipe.exec()) ?? []).map(([, v]) => (v as string[]).map(Number));
  const first = Math.min(...rows.map((r) => r[0] ?? Infinity));
  const last = Math.max(...rows.map((r) => r[1] ?? 0));
  return (jobIds.length / Math.max(1, last - first)) * 1000;
}

/** Where the service reads its accounts: the built-in directory (seeded in Redis), or other settings. */
export interface DirectorySetup {
  env: Record<string, string>;
  /** Extra processes to charge CPU to (the LDAP server). */
  pids?: Record<string, number[]>;
}

export async function serviceRound(stack: Stack, n: number, concurrency: number, directory?: DirectorySetup): Promise<Measured> {
  await stack.reset();
  if (!directory) await seedUsers(stack.redis, PREFIX, n);
  const env = directory?.env ?? {};
  const api = await stack.startApi({ env });
  const images = await benchImages();
  const ids: string[] = [];
  try {
    await pool(
      Array.from({ length: n }, (_, i) => i),
      16,
      async (i) => {
        const { value } = await start(api.url, benchUser(i));
        await upload(api.url, value.id, value.token, images);
        ids.push(value.id);
      },
    );
  } finally {
    await api.stop();
  }
  const worker = await stack.startWorker(api.url, { env: { ...env, WORKER_CONCURRENCY: String(concurrency) } });
  const meter = meterCpu({ worker: [worker.pid], ...stack.pids(), ...directory?.pids });
  let cpu: Record<string, number>;
  try {
    await waitCompleted(stack.redis, 'verification', n, 120_000);
    cpu = meter();
  } finally {
    await worker.stop();
  }
  return {
    rate: await rate(
      stack.redis,
      'verification',
      ids.map((id) => `verify-${id}-1`),
    ),
    cpuMs: perJob(cpu, n),
  };
}

async function baselineRound(stack: Stack, n: number, concurrency: number): Promise<Measured> {
  await stack.reset();
  const queue = new Queue('bench-noop', { connection: stack.redis, prefix: PREFIX });
  const jobs = await queue.addBulk(Array.from({ length: n }, (_, i) => ({ name: 'noop', data: { i }, opts: { removeOnComplete: false } })));
  await queue.close();
  const worker = await stack.startBaselineWorker('bench-noop', concurrency);
  const meter = meterCpu({ worker: [worker.pid], redis: stack.pids().redis });
  let cpu: Record<string, number>;
  try {
    await waitCompleted(stack.redis, 'bench-noop', n, 60_000);
    cpu = meter();
  } finally {
    await worker.stop();
  }
  return {
    rate: await rate(
      stack.redis,
      'bench-noop',
      jobs.map((j) => String(j.id)),
    ),
    cpuMs: perJob(cpu, n),
  };
}

export async function pipeline(stack: Stack, rounds: number, n: number, baselineN: number, concurrency: number): Promise<PipelineRound[]> {
  const out: PipelineRound[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const first = round % 2 === 0 ? await serviceRound(stack, n, concurrency) : await baselineRound(stack, baselineN, concurrency);
    const second = round % 2 === 0 ? await baselineRound(stack, baselineN, concurrency) : await serviceRound(stack, n, concurrency);
    const [service, baseline] = round % 2 === 0 ? [first, second] : [second, first];
    out.push({ service: service.rate, baseline: baseline.rate, serviceCpuMs: service.cpuMs, baselineCpuMs: baseline.cpuMs });
  }
  return out;
}
