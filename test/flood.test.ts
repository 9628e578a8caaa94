/**
 * A flood of anonymous starts cannot fill Redis. Every start takes a username as typed, so each
 * could leave keys behind for names that are no account; before, the per-user index of recoveries
 * never expired. Here 300 starts with 300 made-up names leave no key without an end: every key
 * either has a TTL, or is one of a fixed set of deployment-wide keys (the audit stream and its
 * chain head, trimmed only once delivered to the audit sink; the trimmed recent-recoveries index), or belongs to a job queue whose jobs are removed when done
 * (timers fire by the recovery's expiry). The set of keys without a TTL does not grow with the
 * flood; a second flood of the same size adds none.
 */
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { createHarness, type Harness } from './support/harness';
import { eventually } from './support/trustAndSafety';
import { AUDIT_PUSH_QUEUE, NOTIFY_QUEUE, TIMER_QUEUE, VERIFY_QUEUE } from '../src/workers/queues';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const QUEUES = [VERIFY_QUEUE, TIMER_QUEUE, NOTIFY_QUEUE, AUDIT_PUSH_QUEUE];

async function flood(n: number): Promise<void> {
  for (let i = 0; i < n; i += 20) {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        request(h.baseUrl)
          .post('/v1/recoveries')
          .send({ username: `nobody.${randomUUID()}` })
          .expect(201),
      ),
    );
  }
}

/** Keys with no TTL, outside the job queues: what would grow for ever. */
async function keysWithoutEnd(): Promise<string[]> {
  const keys = await h.redis.keys(`${h.prefix}:*`);
  const out: string[] = [];
  for (const key of keys) {
    const rest = key.slice(h.prefix.length + 1);
    if (QUEUES.some((q) => rest.startsWith(`${q}:`))) continue;
    if ((await h.redis.pttl(key)) === -1) out.push(rest);
  }
  return out.sort();
}

it('leaves no key without an end, and the keys without a TTL do not grow with the flood', async () => {
  await flood(300);
  // The owner-notification jobs look every name up and find none; let them finish.
  await eventually(
    () => h.ctx.queues.notifications.getJobCounts('waiting', 'active', 'delayed'),
    (c) => (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0,
    60_000,
  );
  const afterFirst = await keysWithoutEnd();
  expect(afterFirst).toEqual(['audit', 'audit:head', 'recoveries:recent']);

  await flood(300);
  await eventually(
    () => h.ctx.queues.notifications.getJobCounts('waiting', 'active', 'delayed'),
    (c) => (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0,
    60_000,
  );
  expect(await keysWithoutEnd()).toEqual(afterFirst);

  // Each made-up name's index of recoveries ends with its newest record.
  const byUser = await h.redis.keys(`${h.prefix}:recoveries:user:*`);
  expect(byUser.length).toBe(600);
  for (const key of byUser.slice(0, 20)) expect(await h.redis.pttl(key)).toBeGreaterThan(0);
}, 120_000);
