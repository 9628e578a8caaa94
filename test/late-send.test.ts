/**
 * The verification time-out and a worker's send to the vendor are both state changes of the
 * recovery, so they cannot interleave: a time-out that lands just before the send means nothing is
 * sent (no vendor is paid for a closed attempt), and a send that lands just before the time-out
 * gets LATE_SEND grace for its answer before the attempt is closed. Clock injected; no sleeping.
 */
import { DelayedError, type Job } from 'bullmq';
import { createHarness, type Harness } from './support/harness';
import { seedDirectory, submittedInProcess } from './support/journey';
import { advance } from '../src/recovery/advance';
import { verifyProcessor } from '../src/workers/verifyProcessor';
import { lateSendGraceMs, timerProcessor } from '../src/workers/timerProcessor';
import { jobIds, type TimerJob, type VerifyJob } from '../src/workers/queues';
import { view } from '../flows/transition';
import { manualClock } from './support/testClock';

describe('a time-out racing a send to the vendor', () => {
  const clock = manualClock();
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ clock, workers: false, env: { VERIFICATION_TIMEOUT_SECONDS: '600' } });
    await seedDirectory(h);
  });
  afterAll(() => h.close());
  afterEach(() => jest.restoreAllMocks());

  const uploaded = () => submittedInProcess(h);
  const status = async (id: string) => view((await h.ctx.recoveries.get(id))!.snapshot);

  it('closes the attempt first: the worker sends nothing and ends the job as stale', async () => {
    const id = await uploaded();
    const queued = (await h.ctx.queues.verify.getJob(jobIds.verify(id, 1)))!;
    const job = { data: queued.data, attemptsMade: 0, opts: { attempts: 6 }, moveToDelayed: async () => undefined } as unknown as Job<VerifyJob>;
    const get = h.ctx.recoveries.get.bind(h.ctx.recoveries);
    let reads = 0;
    // The worker's second read of the record is the one its send-claim makes: the time-out lands just before it.
    jest.spyOn(h.ctx.recoveries, 'get').mockImplementation(async (recoveryId) => {
      reads += 1;
      if (reads === 2) await advance(h.ctx, id, { type: 'VERIFICATION_UNANSWERED', attempt: 1, reason: 'verification_timeout' }, 'timer');
      return get(recoveryId);
    });
    expect(await verifyProcessor(h.ctx)(job, 'token')).toBe('stale');
    expect(h.mocks.vendor('idemia').stats().byKey[`${id}-1`]).toBeUndefined(); // never billed
    expect((await status(id)).status).toBe('awaiting_evidence');
  });

  it('sent first: the time-out waits out the grace for its answer, then closes the attempt', async () => {
    const id = await uploaded();
    clock.advance(590_000);
    await advance(h.ctx, id, { type: 'VENDOR_SEND_STARTED', attempt: 1, at: clock.now() }, 'worker'); // a late send (after retries)
    clock.advance(10_000); // the time-out is due
    const data: TimerJob = { type: 'verification-timeout', recoveryId: id, attempt: 1, dueAt: clock.now() };
    const moveToDelayed = jest.fn(async () => undefined);
    const timer = { data, moveToDelayed } as unknown as Job<TimerJob>;
    await expect(timerProcessor(h.ctx)(timer, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(moveToDelayed).toHaveBeenCalledTimes(1);
    expect((await status(id)).status).toBe('verifying');
    clock.advance(lateSendGraceMs(h.ctx) - 10_000);
    expect(await timerProcessor(h.ctx)(timer, 'token')).toBe('applied');
    expect(await status(id)).toMatchObject({ status: 'awaiting_evidence', context: { reason: 'verification_timeout' } });
  });

  it('a send long before the time-out does not hold it back', async () => {
    const id = await uploaded();
    await advance(h.ctx, id, { type: 'VENDOR_SEND_STARTED', attempt: 1, at: clock.now() }, 'worker');
    clock.advance(600_000);
    const timer = {
      data: { type: 'verification-timeout', recoveryId: id, attempt: 1, dueAt: clock.now() },
      moveToDelayed: jest.fn(),
    } as unknown as Job<TimerJob>;
    expect(await timerProcessor(h.ctx)(timer, 'token')).toBe('applied');
  });
});
