/**
 * Status reads: `GET /v1/recoveries/{id}` (bearer token check, snapshot read, response schema) at
 * 50 connections, against a bare Express route doing one Redis GET. Interleaved rounds, the order
 * alternating, each the same length.
 */
import { benchImages, benchUser, seedUsers, start, upload } from '../lib/client';
import { autocannon, type LoadResult } from '../lib/load';
import { PREFIX, type Stack } from '../lib/stack';
import { cpuSeconds } from '../lib/cpu';

/** A load run, plus the server process's CPU microseconds per request: steadier than req/s on a busy machine. */
export type ReadRun = LoadResult & { cpuUsPerRequest: number };

export interface StatusReadsResult {
  service: ReadRun[];
  baseline: ReadRun[];
}

async function measured(pid: number, run: () => Promise<LoadResult>): Promise<ReadRun> {
  const before = cpuSeconds(pid);
  const result = await run();
  return { ...result, cpuUsPerRequest: ((cpuSeconds(pid) - before) * 1e6) / Math.max(1, result.requests) };
}

export async function statusReads(stack: Stack, rounds: number, seconds: number, nodeArgs?: string[]): Promise<StatusReadsResult> {
  await stack.reset();
  const api = await stack.startApi({ nodeArgs });
  const baseline = await stack.startBaselineServer();
  try {
    await seedUsers(stack.redis, PREFIX, 1);
    // No worker runs: the recovery stays `verifying`, what a claimant's page polls while it waits.
    const { value: rec } = await start(api.url, benchUser(0));
    await upload(api.url, rec.id, rec.token, await benchImages());
    const service = (s = seconds) =>
      measured(api.pid, () =>
        autocannon(`${api.url}/v1/recoveries/${rec.id}`, { connections: 50, seconds: s, headers: { authorization: `Bearer ${rec.token}` } }),
      );
    const floor = (s = seconds) => measured(baseline.pid, () => autocannon(`${baseline.url}/read`, { connections: 50, seconds: s }));
    await service(3); // warm-up: JIT, connection pools
    await floor(3);
    const result: StatusReadsResult = { service: [], baseline: [] };
    for (let round = 0; round < rounds; round += 1) {
      if (round % 2 === 0) {
        result.service.push(await service());
        result.baseline.push(await floor());
      } else {
        result.baseline.push(await floor());
        result.service.push(await service());
      }
    }
    return result;
  } finally {
    await api.stop();
    await baseline.stop();
  }
}
