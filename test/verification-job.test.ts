/**
 * The verification job of an upload: queued (delayed) before the move to `verifying` and promoted
 * after it, so it exists whenever that move committed, even if Redis is lost right after; a job
 * that runs before the move commits waits for it; a lost race leaves the winner's evidence and job
 * alone; a move reported lost that was this upload's after all (ioredis re-sent the script) counts.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedisChild, type RedisChild } from '../src/embedded/redisChild';
import { createHarness, type Harness } from './support/harness';
import { seedDirectory, start } from './support/journey';
import { loadIdentity, type FixtureIdentity } from './fixtures/identities';
import { submitEvidence } from '../src/recovery/submitEvidence';
import { readVerification } from '../src/recovery/verificationRecord';
import { Worker, UnrecoverableError } from 'bullmq';
import { connectRedis } from '../src/runtime/createContext';
import { jobIds, queueVerification, VERIFY_GRACE_MS, VERIFY_QUEUE, VerifyJobSchema } from '../src/workers/queues';
import type { RecoveryStore } from '../src/stores/recoveryStore';
import { view } from '../flows/transition';

async function auditTypes(h: Harness, recoveryId: string): Promise<string[]> {
  const entries = await h.redis.xrange(`${h.prefix}:audit`, '-', '+');
  return entries
    .map(([, f]) => Object.fromEntries(f.flatMap((_, i) => (i % 2 ? [] : [[f[i], f[i + 1]]]))))
    .filter((e) => e.recoveryId === recoveryId)
    .map((e) => e.type as string);
}

async function submit(h: Harness, id: string, identity: FixtureIdentity, stale?: Awaited<ReturnType<RecoveryStore['get']>>) {
  const record = stale ?? (await h.ctx.recoveries.get(id))!;
  return submitEvidence(h.ctx, record, { files: { selfie: identity.selfie, documentFront: identity.documentFront }, consent: true, selfieSource: 'camera' });
}

async function present(h: Harness, keys: string[]): Promise<boolean[]> {
  return Promise.all(
    keys.map((k) =>
      h.ctx.evidence.get(k).then(
        () => true,
        () => false,
      ),
    ),
  );
}

/** The next state change, replaced once by `once` (which gets the real one). */
function interceptNextCas(
  h: Harness,
  once: (real: RecoveryStore['compareAndSet'], ...args: Parameters<RecoveryStore['compareAndSet']>) => Promise<boolean>,
): void {
  const store = h.ctx.recoveries;
  const real = store.compareAndSet.bind(store);
  store.compareAndSet = async (...args) => {
    store.compareAndSet = real;
    return once(real, ...args);
  };
}

describe('an upload whose Redis is lost right after the move to verifying', () => {
  let redis: RedisChild;
  let h: Harness;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verify-job-'));
  beforeAll(async () => {
    redis = await startRedisChild({ appendOnly: true, dir });
    h = await createHarness({ workers: false, env: { REDIS_URL: redis.url } });
    await seedDirectory(h);
  });
  afterAll(async () => {
    await h.close();
    await redis.stop();
  });

  it('still has its verification job, which runs when its delay ends', async () => {
    const { id } = await start(h, 'ben.okafor');
    interceptNextCas(h, async (real, ...args) => {
      const won = await real(...args);
      await redis.stop(); // SIGTERM after the write: it is in the AOF
      return won;
    });
    // The promotion fails; the upload is still accepted: the delayed job needs nothing more.
    await expect(submit(h, id, loadIdentity('ben-okafor'))).resolves.toEqual({ status: 'verifying' });
    redis = await startRedisChild({ appendOnly: true, dir, port: redis.port });
    await h.redis.ping();

    const job = await h.ctx.queues.verify.getJob(jobIds.verify(id, 1));
    expect(job).toBeDefined();
    expect(await job!.getState()).toBe('delayed');
    expect(job!.delay).toBe(VERIFY_GRACE_MS);
    expect(job!.data).toEqual({ recoveryId: id, attempt: 1 });
    expect(await auditTypes(h, id)).toEqual(['recovery.started', 'recovery.transition', 'evidence.received']);
    await job!.promote(); // its delay ending, without waiting for it
    h.startWorkers();
    expect(await h.waitForStatus(id, (s) => s !== 'verifying')).toBe('access_pass_issued');
  });
});

describe('verification jobs and concurrent submissions', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ workers: false });
    await seedDirectory(h);
  });
  afterEach(() => h.close());

  it('an attempt submitted again after its job gave up gets that job started afresh', async () => {
    const { id } = await start(h, 'ben.okafor');
    // The first submission's job failed for good before its state change ever committed.
    const first = await queueVerification(h.ctx.queues, id, 1);
    await first.promote();
    const connection = connectRedis(h.infra.redisUrl);
    const failing = new Worker(
      VERIFY_QUEUE,
      async () => {
        throw new UnrecoverableError('gave up waiting');
      },
      { connection, prefix: h.prefix },
    );
    await new Promise((resolve) => failing.once('failed', resolve));
    await failing.close();
    connection.disconnect();
    expect(await first.getState()).toBe('failed');
    // The claimant uploads again: same attempt, same job id.
    const again = await queueVerification(h.ctx.queues, id, 1);
    expect(again.id).toBe(first.id);
    expect(await again.getState()).toBe('waiting');
  });

  it('a job that runs before its move to verifying commits waits for it, then verifies', async () => {
    const { id } = await start(h, 'ben.okafor');
    h.startWorkers();
    interceptNextCas(h, async (real, ...args) => {
      // The job runs first (a slow state change): the worker must park it, not end it as stale.
      const job = (await h.ctx.queues.verify.getJob(jobIds.verify(id, 1)))!;
      await job.promote();
      let state = 'waiting';
      while (!['delayed', 'completed', 'failed'].includes(state)) {
        await new Promise((r) => setTimeout(r, 10)); // waiting for the worker, not for time to pass
        const seen = (await h.ctx.queues.verify.getJob(jobIds.verify(id, 1)))!;
        state = seen.attemptsStarted > 0 ? await seen.getState() : 'waiting';
      }
      expect(state).toBe('delayed'); // parked, not ended as stale
      expect(view((await h.ctx.recoveries.get(id))!.snapshot).status).toBe('awaiting_evidence');
      return real(...args);
    });
    await submit(h, id, loadIdentity('ben-okafor'));
    // Only the verification job moves a recovery on from verifying (no time-out in 20 s).
    expect(await h.waitForStatus(id, (s) => s !== 'verifying')).toBe('access_pass_issued');
  });

  it('a lost race deletes only its own uploads; the job verifies the winner’s evidence', async () => {
    const { id } = await start(h, 'ben.okafor');
    const before = (await h.ctx.recoveries.get(id))!;
    const puts: string[] = [];
    const put = h.ctx.evidence.put.bind(h.ctx.evidence);
    h.ctx.evidence.put = async (key, bytes) => {
      puts.push(key);
      return put(key, bytes);
    };
    await submit(h, id, loadIdentity('ben-okafor'));
    const winner = puts.splice(0);
    // Same attempt number, another person's evidence, read before the winner's change.
    await expect(submit(h, id, loadIdentity('ana-garcia'), before)).rejects.toMatchObject({ code: 'recovery.not_awaiting_evidence' });
    expect((await readVerification(h.ctx, id, 1))!.objectKeys).toEqual(winner);
    expect(await present(h, winner)).toEqual([true, true]);
    expect(await present(h, puts)).toEqual([false, false]);
    expect((await h.ctx.queues.verify.getJob(jobIds.verify(id, 1)))!.data).toEqual({ recoveryId: id, attempt: 1 });

    h.startWorkers();
    expect(await h.waitForStatus(id, (s) => s !== 'verifying')).toBe('access_pass_issued'); // ana's evidence would not match ben
    expect(h.mocks.vendor('idemia').stats().byKey[`${id}-1`]).toBe(1);
  });

  it('a move to verifying reported lost that was this upload’s (a re-sent script) counts as committed', async () => {
    const { id } = await start(h, 'ben.okafor');
    // ioredis re-sends the state change's script after a reconnect lost its reply: it runs twice,
    // and the caller sees the repeat's answer (version moved).
    const redis = h.redis as unknown as { eval: (...args: unknown[]) => Promise<unknown> };
    const evalOnce = redis.eval.bind(h.redis);
    redis.eval = async (...args: unknown[]) => {
      redis.eval = evalOnce;
      await evalOnce(...args);
      return evalOnce(...args);
    };
    await expect(submit(h, id, loadIdentity('ben-okafor'))).resolves.toEqual({ status: 'verifying' });
    const verification = (await readVerification(h.ctx, id, 1))!;
    expect(await present(h, verification.objectKeys)).toEqual([true, true]);
    expect(await h.ctx.queues.verify.getJob(jobIds.verify(id, 1)).then((j) => j?.getState())).toBe('waiting');
    expect(await auditTypes(h, id)).toEqual(['recovery.started', 'recovery.transition', 'evidence.received']);
  });

  it('keeps the declared document country in the record, and reads it from jobs queued by earlier versions', async () => {
    const { id } = await start(h, 'ben.okafor');
    const ben = loadIdentity('ben-okafor');
    await submitEvidence(h.ctx, (await h.ctx.recoveries.get(id))!, {
      files: { selfie: ben.selfie, documentFront: ben.documentFront },
      consent: true,
      documentCountry: 'deu',
      selfieSource: 'camera',
    });
    expect((await readVerification(h.ctx, id, 1))!.documentCountry).toBe('DEU');
    const legacy = { recoveryId: id, attempt: 1, provider: 'idemia', evidence: { selfie: 'a', documentFront: 'b' }, documentCountry: 'FRA' };
    expect(VerifyJobSchema.parse(legacy)).toEqual({ recoveryId: id, attempt: 1, documentCountry: 'FRA' });
  });
});
