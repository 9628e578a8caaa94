/**
 * The trust-and-safety workers: the notification outbox, and (when AUDIT_WEBHOOK_URL is set) the
 * repeating audit push. Started next to the verification and timer workers.
 */
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppContext } from '../context';
import { AUDIT_PUSH_QUEUE, NOTIFY_QUEUE, workerRecovery } from '../workers/queues';
import { auditPushProcessor } from '../audit/auditPush';
import type { NotifyJob } from './jobs';
import { notifyProcessor } from './notifyProcessor';
import { logQueueErrors } from '../workers/queueErrors';

export interface OutboxWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

export function startOutboxWorkers(ctx: AppContext, connection: Redis): OutboxWorkers {
  const prefix = ctx.config.REDIS_PREFIX;
  const notify = new Worker<NotifyJob, string>(NOTIFY_QUEUE, notifyProcessor(ctx), { connection, prefix, concurrency: 10, ...workerRecovery(ctx.config) });
  // One push at a time per process keeps the batches in stream order.
  const push = new Worker(AUDIT_PUSH_QUEUE, auditPushProcessor(ctx), { connection, prefix, concurrency: 1, ...workerRecovery(ctx.config) });
  for (const worker of [notify, push] as Worker[]) {
    worker.on('failed', (job, err) => ctx.logger.warn({ queue: worker.name, jobId: job?.id, err: err.message }, 'job attempt failed'));
    logQueueErrors(worker, () => ctx.logger, 'worker error');
  }
  const scheduled = ctx.config.AUDIT_WEBHOOK_URL
    ? ctx.queues.auditPush.upsertJobScheduler('audit-push', { every: ctx.config.AUDIT_WEBHOOK_INTERVAL_MS }, { name: 'push', data: {} })
    : ctx.queues.auditPush.removeJobScheduler('audit-push');
  scheduled.catch((err: unknown) => ctx.logger.error({ err: String(err) }, 'audit push schedule not set'));
  return {
    workers: [notify, push],
    close: async () => {
      await Promise.all([notify.close(), push.close()]);
    },
  };
}
