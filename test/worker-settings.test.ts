/** The stalled-job hand-over of every worker follows WORKER_LOCK_MS / WORKER_STALLED_CHECK_MS. */
import { createHarness } from './support/harness';
import { MAX_STALLED_COUNT } from '../src/workers/queues';

it('every worker takes the lock and stalled-check settings, and hands a stalled job on MAX_STALLED_COUNT times', async () => {
  const h = await createHarness({ workers: false, env: { WORKER_LOCK_MS: '7000', WORKER_STALLED_CHECK_MS: '3000' } });
  try {
    const workers = h.startWorkers();
    for (const worker of [workers.verify, workers.timers, ...workers.outbox.workers]) {
      expect({ name: worker.name, lock: worker.opts.lockDuration, check: worker.opts.stalledInterval, stalled: worker.opts.maxStalledCount }).toEqual({
        name: worker.name,
        lock: 7000,
        check: 3000,
        stalled: MAX_STALLED_COUNT,
      });
    }
  } finally {
    await h.close();
  }
});
