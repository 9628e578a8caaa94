/**
 * Mass event: `size` recoveries arrive as fast as the API takes them (32 claimants at a time:
 * start, upload), each waits 2–10 s on the vendor (which calls back), and all must reach
 * `access_pass_issued`. Meanwhile a probe reads a status 20 times a second: its p99 during the
 * run, against its p99 on the idle system just before, is the API's responsiveness under load.
 * Vendor calls per recovery come from the vendor's ledger; peak RSS from the kernel.
 */
import { view } from '../../flows/transition';
import { benchImages, benchUser, seedUsers, start, status, upload } from '../lib/client';
import { LEDGER_KEY } from '../lib/simVendor';
import { percentile, pool, sleep } from '../lib/stats';
import { PREFIX, scrapeSum, type Stack } from '../lib/stack';
import { meterCpu } from '../lib/cpu';

export interface MassResult {
  size: number;
  seconds: number;
  finished: number;
  lost: number;
  peakInFlight: number;
  vendorCallsPerRecovery: number;
  probeIdleP99: number;
  probeP99: number;
  uploadP99: number;
  /** CPU milliseconds per recovery, by process, over the run. */
  cpuMs: Record<string, number>;
  rss: { api: number; worker: number; apiIdle: number; workerIdle: number; redis: number; redisIdle: number };
}

async function probeLoop(url: string, id: string, token: string, until: () => boolean): Promise<number[]> {
  const samples: number[] = [];
  while (!until()) {
    const started = performance.now();
    samples.push((await status(url, id, token)).ms);
    await sleep(Math.max(0, 50 - (performance.now() - started)));
  }
  return samples;
}

/** Sampled while the run goes (Redis's own peak is not reset between runs). */
async function redisMemory(stack: Stack): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await stack.redis.info('memory'))?.[1] ?? 0);
}

async function countLost(stack: Stack, ids: string[]): Promise<number> {
  const pipe = stack.redis.pipeline();
  for (const id of ids) pipe.hget(`${PREFIX}:recovery:${id}`, 'snapshot');
  const rows = (await pipe.exec()) ?? [];
  return rows.filter(([, raw]) => typeof raw !== 'string' || view(JSON.parse(raw)).status !== 'access_pass_issued').length;
}

const profiled = (dir: string | undefined, role: string) => (dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}/${role}`] : undefined);

/** With `profileDir`, the API and the worker write V8 CPU profiles there (`api/`, `worker/`). */
export async function mass(stack: Stack, size: number, profileDir?: string): Promise<MassResult> {
  await stack.reset();
  await seedUsers(stack.redis, PREFIX, size + 1);
  const vendor = { vendorMs: [2000, 10_000] as [number, number], env: { IDV_POLL_INTERVAL_MS: '15000' } };
  const api = await stack.startApi({ ...vendor, nodeArgs: profiled(profileDir, 'api') });
  const worker = await stack.startWorker(api.url, { ...vendor, nodeArgs: profiled(profileDir, 'worker') });
  const images = await benchImages();
  try {
    // The probe's own recovery, its pass already shown, so reading it stays a plain status read.
    const { value: probe } = await start(api.url, benchUser(size));
    await upload(api.url, probe.id, probe.token, images);
    while (!(await status(api.url, probe.id, probe.token)).value.accessPass) await sleep(200);
    const idleEnd = Date.now() + 5000;
    const idle = await probeLoop(api.url, probe.id, probe.token, () => Date.now() > idleEnd);
    const before = { api: api.peakRss(), worker: worker.peakRss(), redis: await redisMemory(stack) };

    let done = false;
    const probing = probeLoop(api.url, probe.id, probe.token, () => done);
    const meter = meterCpu({ api: [api.pid], worker: [worker.pid], ...stack.pids() });
    const t0 = performance.now();
    const ids: string[] = [];
    const uploads: number[] = [];
    let peakInFlight = 0;
    let finished = 0;
    let redisPeak = before.redis;
    const watch = (async () => {
      for (; !done; await sleep(500)) {
        finished = (await scrapeSum(worker.metricsUrl, 'recovery_transitions_total', { to: 'access_pass_issued' })) - 1;
        peakInFlight = Math.max(peakInFlight, uploads.length - finished);
        redisPeak = Math.max(redisPeak, await redisMemory(stack));
      }
    })();
    await pool(
      Array.from({ length: size }, (_, i) => i),
      32,
      async (i) => {
        const { value } = await start(api.url, benchUser(i));
        ids.push(value.id);
        uploads.push((await upload(api.url, value.id, value.token, images)).ms);
      },
    );
    const deadline = Date.now() + 60_000; // the slowest verdict is 10 s after the last upload
    while (finished < size && Date.now() < deadline) await sleep(250);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = meter();
    done = true;
    const [during] = await Promise.all([probing, watch]);
    const calls = (await stack.redis.hvals(LEDGER_KEY)).map(Number);
    return {
      size,
      seconds,
      finished,
      lost: await countLost(stack, ids),
      peakInFlight,
      vendorCallsPerRecovery: (calls.reduce((a, b) => a + b, 0) - 1) / size,
      cpuMs: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, (v * 1000) / size])),
      probeIdleP99: percentile(idle, 99),
      probeP99: percentile(during, 99),
      uploadP99: percentile(uploads, 99),
      rss: {
        api: api.peakRss(),
        worker: worker.peakRss(),
        apiIdle: before.api,
        workerIdle: before.worker,
        redis: redisPeak,
        redisIdle: before.redis,
      },
    };
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
  }
}
