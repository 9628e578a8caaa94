/**
 * Resilience on the live stack: failover when the primary vendor fails, resume-not-repeat when a
 * verification job is delivered again, and durable time-outs driven by the injected clock.
 */
import type { Job } from 'bullmq';
import { DelayedError } from 'bullmq';
import { createHarness, type Harness } from './support/harness';
import { seedDirectory, start, status, upload } from './support/journey';
import { loadIdentity } from './fixtures/identities';
import { verifyProcessor } from '../src/workers/verifyProcessor';
import { jobIds, type VerifyJob } from '../src/workers/queues';
import { view } from '../flows/transition';
import { manualClock } from './support/testClock';

async function auditEntries(h: Harness, type: string): Promise<Array<Record<string, string>>> {
  const entries = await h.redis.xrange(`${h.prefix}:audit`, '-', '+');
  return entries.map(([, fields]) => Object.fromEntries(fields.flatMap((_, i) => (i % 2 ? [] : [[fields[i], fields[i + 1]]])))).filter((e) => e.type === type);
}

describe('failover', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { IDV_PROVIDER: 'idemia', IDV_FALLBACK_PROVIDERS: 'lexisnexis', IDV_FAILOVER_AFTER: '1', VERIFY_JOB_ATTEMPTS: '4' } });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('moves a verification to the fallback vendor when the primary keeps failing, paying once', async () => {
    h.mocks.vendor('idemia').sandbox.setFaultRate(1, 7, ['http503']);
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await start(h, 'ben.okafor');
    await upload(h, id, token, ben).expect(202);
    await h.waitForStatus(id, (s) => s !== 'verifying');
    expect((await status(h, id, token)).body.status).toBe('access_pass_issued');
    expect(h.mocks.vendor('idemia').stats().submissions).toBe(0);
    expect(h.mocks.vendor('lexisnexis').stats().byKey[`${id}-1`]).toBe(1);
    const submitted = await auditEntries(h, 'verification.submitted');
    expect(JSON.parse(submitted.find((e) => e.recoveryId === id)!.data!)).toMatchObject({ provider: 'lexisnexis', primary: 'idemia', failover: true });
    h.mocks.vendor('idemia').sandbox.clearFaults();
  });

  it('stays with the vendor when a failure leaves open whether it accepted the check', async () => {
    h.mocks.vendor('idemia').sandbox.injectNext('malformed', { count: 2 }); // answered 200, unreadable: maybe accepted
    const ana = loadIdentity('ana-garcia');
    const { id, token } = await start(h, 'ana.garcia');
    await upload(h, id, token, ana).expect(202);
    await h.waitForStatus(id, (s) => s !== 'verifying');
    expect((await status(h, id, token)).body.status).toBe('access_pass_issued');
    expect(h.mocks.vendor('idemia').stats().byKey[`${id}-1`]).toBe(1);
    expect(h.mocks.vendor('lexisnexis').stats().byKey[`${id}-1`]).toBeUndefined();
  });
});

describe('redelivered verification jobs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ workers: false, env: { IDV_PROVIDER: 'au10tix' } });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('resume instead of submitting to the vendor again', async () => {
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await start(h, 'ben.okafor');
    await upload(h, id, token, ben).expect(202);
    const queued = await h.ctx.queues.verify.getJob(jobIds.verify(id, 1));
    const fakeJob = (attemptsMade: number) =>
      ({
        // promote: the mock vendor's webhook may wake the parked job (verifyProcessor.ts parkUntilPoll).
        data: queued!.data,
        attemptsMade,
        opts: { attempts: 6 },
        moveToDelayed: async () => undefined,
        promote: async () => undefined,
      }) as unknown as Job<VerifyJob>;
    // First delivery: the worker dies right after the vendor accepted the submission (simulated
    // by the result fetch throwing something that is not a vendor error).
    const provider = h.ctx.providers.au10tix!;
    const realFetch = provider.fetchResult;
    provider.fetchResult = async () => {
      throw new Error('worker killed');
    };
    const process = verifyProcessor(h.ctx);
    await expect(process(fakeJob(0), 'token')).rejects.toThrow('worker killed');
    provider.fetchResult = realFetch;
    expect(h.mocks.vendor('au10tix').stats().byKey[`${id}-1`]).toBe(1);
    // The same job delivered again resumes with the saved vendor reference.
    let outcome: unknown;
    for (let i = 0; i < 200 && outcome === undefined; i += 1) {
      outcome = await process(fakeJob(1), 'token').catch((err: unknown) => {
        if (err instanceof DelayedError) return undefined;
        throw err;
      });
      if (outcome === undefined) await new Promise((r) => setTimeout(r, 10)); // the mock vendor is still processing
    }
    expect(outcome).toBe('approved');
    expect(await process(fakeJob(1), 'token')).toBe('stale'); // a third delivery after the decision changes nothing
    expect(h.mocks.vendor('au10tix').stats().byKey[`${id}-1`]).toBe(1);
    expect((await status(h, id, token)).body.status).toBe('access_pass_issued');
  });
});

describe('durable time-outs on the injected clock', () => {
  const clock = manualClock();
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ clock, workers: false, env: { VERIFICATION_TIMEOUT_SECONDS: '120', RECOVERY_TTL_MINUTES: '30' } });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  async function fire(jobId: string): Promise<void> {
    const job = await h.ctx.queues.timers.getJob(jobId);
    expect(job).toBeDefined();
    await job!.promote();
  }

  /** Until the promoted timer has been taken by the worker and parked itself again (delayed, with an attempt made). */
  async function parkedAgain(jobId: string): Promise<void> {
    for (let i = 0; i < 1000; i += 1) {
      const job = await h.ctx.queues.timers.getJob(jobId);
      if (job && (await job.getState()) === 'delayed' && job.processedOn) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${jobId} never ran and parked again`);
  }

  it('a verification that never answers goes back to the user to retry, and a timer that fires early waits', async () => {
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await start(h, 'ben.okafor');
    await upload(h, id, token, ben).expect(202); // no verification worker: the vendor never answers
    const workers = h.startWorkers();
    await workers.verify.pause(); // only timers run in this test
    await fire(`verification-timeout-${id}-1`); // before its time on our clock: parked again
    await parkedAgain(`verification-timeout-${id}-1`); // it ran, and put itself back: no sleep to be slow in
    expect(view((await h.ctx.recoveries.get(id))!.snapshot).status).toBe('verifying');
    clock.advance(121_000);
    await fire(`verification-timeout-${id}-1`);
    await h.waitForStatus(id, (s) => s === 'awaiting_evidence');
    expect((await status(h, id, token)).body).toEqual({ id, status: 'awaiting_evidence', reason: 'verification_timeout' });
    await workers.close();
  });

  it('an abandoned recovery expires', async () => {
    const { id, token } = await start(h, 'ben.okafor');
    h.startWorkers();
    clock.advance(31 * 60_000);
    await fire(`recovery-expiry-${id}`);
    await h.waitForStatus(id, (s) => s === 'expired');
    expect((await status(h, id, token)).body).toEqual({ id, status: 'expired', reason: 'recovery_expired' });
  });
});
