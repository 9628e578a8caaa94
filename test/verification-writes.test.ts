/**
 * What one verification writes, and how: the attempt's records read in one command per run and
 * passed on to the clean-up instead of read again; the verdict, account-match entry and verdict
 * summary in the same atomic write as the transition that applies them (and only then); the vendor
 * reference and its `verification.submitted` entry in one atomic write that counts only once.
 */
import { DelayedError, type Job } from 'bullmq';
import { createHarness, type Harness } from './support/harness';
import { seedDirectory, start, submittedInProcess } from './support/journey';
import { advance } from '../src/recovery/advance';
import { readAttempt, readVerdictSummary, readVerification, writeVendorState } from '../src/recovery/verificationRecord';
import { verifyProcessor } from '../src/workers/verifyProcessor';
import { jobIds, type VerifyJob } from '../src/workers/queues';
import { view } from '../flows/transition';

async function auditTypes(h: Harness, recoveryId: string): Promise<string[]> {
  const entries = await h.redis.xrange(`${h.prefix}:audit`, '-', '+');
  return entries
    .map(([, f]) => Object.fromEntries(f.flatMap((_, i) => (i % 2 ? [] : [[f[i], f[i + 1]]]))))
    .filter((e) => e.recoveryId === recoveryId)
    .map((e) => e.type as string);
}

describe('the writes of one verification', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ workers: false });
    await seedDirectory(h);
  });
  afterAll(() => h.close());
  afterEach(() => jest.restoreAllMocks());

  const uploaded = () => submittedInProcess(h);

  /** Runs the verification job in this process until it is done (the mock vendor takes a moment). */
  async function runJob(id: string): Promise<{ outcome: unknown; runs: number }> {
    const queued = (await h.ctx.queues.verify.getJob(jobIds.verify(id, 1)))!;
    const job = { data: queued.data, attemptsMade: 0, opts: { attempts: 6 }, moveToDelayed: async () => undefined } as unknown as Job<VerifyJob>;
    const process = verifyProcessor(h.ctx);
    for (let runs = 1; ; runs += 1) {
      const outcome = await process(job, 'token').catch((err: unknown) => {
        if (err instanceof DelayedError) return undefined;
        throw err;
      });
      if (outcome !== undefined) return { outcome, runs };
      await new Promise((r) => setTimeout(r, 10)); // the mock vendor is still processing
    }
  }

  it('reads the attempt’s records once per run and writes every audit entry with the change it records, in order', async () => {
    const id = await uploaded();
    const get = jest.spyOn(h.redis, 'get');
    const mget = jest.spyOn(h.redis, 'mget');
    const set = jest.spyOn(h.redis, 'set');
    const xadd = jest.spyOn(h.redis, 'xadd');
    const multi = jest.spyOn(h.redis, 'multi');
    const { outcome, runs } = await runJob(id);
    expect(outcome).toBe('approved');
    expect(mget).toHaveBeenCalledTimes(runs); // record, vendor state and sticky vendor together
    expect(get.mock.calls.filter(([key]) => String(key).includes(':idv:'))).toEqual([]); // not again in the clean-up
    // The verdict summary went with the transition; the only plain SET is the access pass
    // prepared while the vendor worked (recovery/accessPassCandidate.ts).
    expect(set.mock.calls.filter(([key]) => key !== h.keys.accessPassCandidate(id))).toEqual([]);
    expect(xadd).not.toHaveBeenCalled(); // every audit entry went with the write it records
    expect(multi).not.toHaveBeenCalled();
    expect(await auditTypes(h, id)).toEqual([
      'recovery.started',
      'recovery.transition',
      'evidence.received',
      'recovery.transition',
      'recovery.profile_applied',
      'verification.sending',
      'verification.submitted',
      'recovery.transition',
      'verification.verdict',
      'account.matched',
    ]);
    expect(await readVerdictSummary(h.ctx, id)).toMatchObject({ attempt: 1, decision: 'approved' });
    const evidence = (await readVerification(h.ctx, id, 1))!.objectKeys;
    expect(
      await Promise.all(
        evidence.map((k) =>
          h.ctx.evidence.get(k).then(
            () => true,
            () => false,
          ),
        ),
      ),
    ).toEqual([false, false]);
  });

  it('records the verdict only when it is applied', async () => {
    const id = await uploaded();
    const directoryGet = h.ctx.directory.findAccount.bind(h.ctx.directory);
    // The claimant cancels while the decision is being made: the verdict finds the recovery rejected.
    // (The first lookup is the recovery profile's, before the vendor send; the second is the decision's.)
    jest
      .spyOn(h.ctx.directory, 'findAccount')
      .mockImplementationOnce(directoryGet)
      .mockImplementationOnce(async (username: string) => {
        await advance(h.ctx, id, { type: 'CANCEL' }, 'claimant');
        return directoryGet(username);
      });
    expect((await runJob(id)).outcome).toBe('approved');
    expect(view((await h.ctx.recoveries.get(id))!.snapshot).status).toBe('rejected');
    expect(await auditTypes(h, id)).toEqual([
      'recovery.started',
      'recovery.transition',
      'evidence.received',
      'recovery.transition',
      'recovery.profile_applied',
      'verification.sending',
      'verification.submitted',
      'recovery.transition',
    ]);
    expect(await readVerdictSummary(h.ctx, id)).toBeNull();
    const evidence = (await readVerification(h.ctx, id, 1))!.objectKeys;
    expect(
      await Promise.all(
        evidence.map((k) =>
          h.ctx.evidence.get(k).then(
            () => true,
            () => false,
          ),
        ),
      ),
    ).toEqual([false, false]);
  });

  it('saves the vendor reference with its audit entry once, however often the write is sent', async () => {
    const { id } = await start(h, 'ben.okafor');
    const state = { provider: 'idemia', vendorRef: `ref-${id}` };
    const entry = { type: 'verification.submitted', recoveryId: id, actor: 'worker', data: { attempt: 1 } };
    expect(await writeVendorState(h.ctx, id, 1, state, entry)).toBe(true);
    // The same write again, as ioredis re-sends it when a reconnect lost its reply.
    expect(await writeVendorState(h.ctx, id, 1, state, entry)).toBe(false);
    expect((await readAttempt(h.ctx, id, 1)).vendor).toEqual(state);
    expect(JSON.parse((await h.redis.get(h.keys.vendorRef('idemia', state.vendorRef)))!)).toEqual({ recoveryId: id, attempt: 1 });
    expect((await auditTypes(h, id)).filter((t) => t === 'verification.submitted')).toHaveLength(1);
  });
});
