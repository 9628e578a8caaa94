import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppContext } from '../context';
import { TIMER_QUEUE, VERIFY_QUEUE, type TimerJob, type VerifyJob, workerRecovery } from './queues';
import { verifyProcessor } from './verifyProcessor';
import { logQueueErrors } from './queueErrors';
import { timerProcessor } from './timerProcessor';
import { inJobScope, startWorkerTelemetry } from '../observability/workerTelemetry';
import { startOutboxWorkers, type OutboxWorkers } from '../notifications/outboxWorkers';

export interface Workers {
  verify: Worker<VerifyJob>;
  timers: Worker<TimerJob>;
  /** Notification outbox and audit push. */
  outbox: OutboxWorkers;
  /** Stops taking jobs and waits for the ones in flight (graceful SIGTERM). */
  close(): Promise<void>;
}

/** The workers own `connection` (BullMQ does not close a connection it was given): close() ends it. */
export function startWorkers(ctx: AppContext, connection: Redis): Workers {
  const prefix = ctx.config.REDIS_PREFIX;
  const verify = new Worker<VerifyJob>(VERIFY_QUEUE, inJobScope(ctx, VERIFY_QUEUE, verifyProcessor(ctx)), {
    connection,
    prefix,
    concurrency: ctx.config.WORKER_CONCURRENCY,
    ...workerRecovery(ctx.config),
  });
  const timers = new Worker<TimerJob>(TIMER_QUEUE, inJobScope(ctx, TIMER_QUEUE, timerProcessor(ctx)), {
    connection,
    prefix,
    concurrency: 10,
    ...workerRecovery(ctx.config),
  });
  for (const worker of [verify, timers]) {
    worker.on('failed', (job, err) =>
      ctx.logger.warn({ queue: worker.name, jobId: job?.id, recoveryId: job?.data.recoveryId, err: err.message }, 'job attempt failed'),
    );
    logQueueErrors(worker, () => ctx.logger, 'worker error');
  }
  const telemetry = startWorkerTelemetry(ctx, [verify, timers]);
  const outbox = startOutboxWorkers(ctx, connection);
  return {
    verify,
    timers,
    outbox,
    close: async () => {
      await Promise.all([verify.close(), timers.close(), telemetry.stop(), outbox.close()]);
      connection.disconnect();
    },
  };
}
