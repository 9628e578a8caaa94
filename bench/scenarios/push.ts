/**
 * Push latency: from the moment the vendor's verdict is available (the simulated vendor records
 * it, then calls the webhook) to the moment the claimant's event stream shows the access pass:
 * webhook → job promoted → worker fetches, decides, advances → change notice → SSE → the pass is
 * minted and sent. If the service has no event stream, a status poll every 10 ms stands in (and
 * the report says so). The floor: a callback PUBLISHed on Redis and relayed to a bare SSE stream.
 */
import { READY_KEY } from '../lib/simVendor';
import { benchImages, benchUser, followUntil, followUntilAccessPass, seedUsers, start, status, upload } from '../lib/client';
import { pool, sleep } from '../lib/stats';
import { PREFIX, type Stack } from '../lib/stack';
import { pushSegments, type PushSample, type PushSegments } from '../lib/pushTimeline';

export interface PushRound {
  service: number[];
  baseline: number[];
  mode: 'sse' | 'status-poll';
}
export interface PushResult {
  rounds: PushRound[];
  segments: PushSegments;
}

async function pollUntilAccessPass(api: string, id: string, token: string): Promise<number> {
  for (;;) {
    const { value } = await status(api, id, token);
    if (value.accessPass) return Date.now();
    await sleep(10);
  }
}

export async function push(stack: Stack, rounds: number, perRound: number): Promise<PushResult> {
  await stack.reset();
  await seedUsers(stack.redis, PREFIX, rounds * perRound + 3);
  // Verdicts 300–500 ms after submission; polls so rare (30 s) that only the webhook can be measured.
  const vendor = { vendorMs: [300, 500] as [number, number], env: { IDV_POLL_INTERVAL_MS: '30000' } };
  const api = await stack.startApi(vendor);
  // Debug level: the worker's "job started" lines date each step (see pushTimeline.ts).
  const worker = await stack.startWorker(api.url, { ...vendor, env: { ...vendor.env, LOG_LEVEL: 'debug' } });
  const samples: PushSample[] = [];
  const baseline = await stack.startBaselineServer();
  const images = await benchImages();
  let user = 0;
  const serviceOne = async (): Promise<{ ms: number; sse: boolean }> => {
    const { value: rec } = await start(api.url, benchUser(user++));
    const stream = followUntilAccessPass(api.url, rec.id, rec.token);
    const sse = await stream.opened;
    await upload(api.url, rec.id, rec.token, images);
    const seenAt = sse ? await stream.seen : await pollUntilAccessPass(api.url, rec.id, rec.token);
    const readyAt = Number(await stack.redis.hget(READY_KEY, rec.id));
    samples.push({ id: rec.id, readyAt, seenAt });
    return { ms: seenAt - readyAt, sse };
  };
  const baselineOne = async (i: number): Promise<number> => {
    const stream = followUntil(`${baseline.url}/events/${i}`, {}, /event: status/);
    await stream.opened;
    await sleep(300); // the vendor's "processing"
    const readyAt = Date.now();
    await fetch(`${baseline.url}/hook/${i}`, { method: 'POST' });
    return (await stream.seen) - readyAt;
  };
  try {
    const out: PushRound[] = [];
    let hook = 0;
    for (let i = 0; i < 3; i += 1) await Promise.all([serviceOne(), baselineOne(hook++)]); // warm-up: JIT, connections
    samples.length = 0;
    for (let round = 0; round < rounds; round += 1) {
      const service: Array<{ ms: number; sse: boolean }> = [];
      const floor: number[] = [];
      const runService = () =>
        pool(Array.from({ length: perRound }), 4, async () => {
          service.push(await serviceOne());
        });
      const runFloor = () =>
        pool(Array.from({ length: perRound }), 4, async () => {
          floor.push(await baselineOne(hook++));
        });
      if (round % 2 === 0) {
        await runService();
        await runFloor();
      } else {
        await runFloor();
        await runService();
      }
      out.push({ service: service.map((s) => s.ms), baseline: floor, mode: service.every((s) => s.sse) ? 'sse' : 'status-poll' });
    }
    return { rounds: out, segments: pushSegments(worker.logFile, samples) };
  } finally {
    await Promise.all([api.stop(), worker.stop(), baseline.stop()]);
  }
}
