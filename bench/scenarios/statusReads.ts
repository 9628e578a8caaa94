/**
 * Status reads: `GET /v1/recoveries/{id}` (bearer token check, snapshot read, response schema) at
 * 50 connections, against a bare Express route doing one Redis GET. Interleaved rounds, the order
 * alternating, each the same length.
 */
import { benchImages, benchUser, seedUsers, start, upload } from '../lib/client';
import { autocannon, type LoadResult } from '../lib/load';
import { PREFIX, type Stack } from '../lib/stack';

export interface StatusReadsResult {
  service: LoadResult[];
  baseline: LoadResult[];
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
    const service = (s = seconds) => autocannon(`${api.url}/v1/recoveries/${rec.id}`, { connections: 50, seconds: s, headers: { authorization: `Bearer ${rec.token}` } });
    const floor = (s = seconds) => autocannon(`${baseline.url}/read`, { connections: 50, seconds: s });
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
