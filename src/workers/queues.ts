/**
 * BullMQ queues. Verification jobs carry object keys, never image bytes. Timers (recovery expiry,
 * verification time-out, access-pass expiry, evidence purge) are delayed jobs, so they survive any
 * process restart; none is an in-memory setTimeout.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import { ProviderNameSchema } from '../../providers/contract';
import { NOTIFY_QUEUE, type NotifyJob } from '../notifications/jobs';

export const VERIFY_QUEUE = 'verification';
export const TIMER_QUEUE = 'timers';
/** Repeating job that pushes the audit stream to AUDIT_WEBHOOK_URL (src/audit/auditPush.ts). */
export const AUDIT_PUSH_QUEUE = 'audit-push';
export { NOTIFY_QUEUE };

export const VerifyJobSchema = z.object({
  recoveryId: z.string(),
  attempt: z.number().int().positive(),
  provider: ProviderNameSchema,
  evidence: z.object({ selfie: z.string(), documentFront: z.string(), documentBack: z.string().optional() }),
  /** ISO 3166-1 alpha-3 the claimant declared for the document, for per-country vendor routing. */
  documentCountry: z.string().length(3).optional(),
});
export type VerifyJob = z.infer<typeof VerifyJobSchema>;

export const TimerJobSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('recovery-expiry'), recoveryId: z.string(), dueAt: z.number() }),
  z.object({ type: z.literal('verification-timeout'), recoveryId: z.string(), attempt: z.number(), dueAt: z.number() }),
  z.object({ type: z.literal('access-pass-expiry'), recoveryId: z.string(), dueAt: z.number() }),
  z.object({ type: z.literal('evidence-purge'), recoveryId: z.string(), objectKeys: z.array(z.string()), dueAt: z.number() }),
]);
export type TimerJob = z.infer<typeof TimerJobSchema>;

/** BullMQ custom job ids may not contain ':'. */
export const jobIds = {
  verify: (recoveryId: string, attempt: number) => `verify-${recoveryId}-${attempt}`,
  timer: (job: TimerJob) => `${job.type}-${job.recoveryId}${'attempt' in job ? `-${job.attempt}` : ''}`,
};

export interface Queues {
  verify: Queue<VerifyJob>;
  timers: Queue<TimerJob>;
  /** The notification outbox (src/notifications). */
  notifications: Queue<NotifyJob>;
  auditPush: Queue<Record<string, never>>;
}

export interface QueueSettings {
  prefix: string;
  verifyAttempts: number;
  verifyBackoffMs: number;
}

export function createQueues(connection: ConnectionOptions, s: QueueSettings): Queues {
  return {
    verify: new Queue<VerifyJob>(VERIFY_QUEUE, {
      connection, prefix: s.prefix,
      defaultJobOptions: {
        attempts: s.verifyAttempts,
        // Exponential backoff with jitter, so a vendor outage is not met by a synchronised stampede.
        backoff: { type: 'exponential', delay: s.verifyBackoffMs, jitter: 0.5 },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    }),
    timers: new Queue<TimerJob>(TIMER_QUEUE, {
      connection, prefix: s.prefix,
      defaultJobOptions: { attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
    }),
    notifications: new Queue<NotifyJob>(NOTIFY_QUEUE, {
      connection, prefix: s.prefix,
      // Completed jobs are kept a week: their ids (recovery + kind) de-duplicate repeated enqueues.
      defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } },
    }),
    auditPush: new Queue<Record<string, never>>(AUDIT_PUSH_QUEUE, {
      connection, prefix: s.prefix,
      defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: { count: 100 } },
    }),
  };
}

export async function scheduleTimer(queues: Queues, job: TimerJob, now: number): Promise<void> {
  await queues.timers.add(job.type, job, { jobId: jobIds.timer(job), delay: Math.max(0, job.dueAt - now) });
}

/**
 * Jobs whose worker died are handed to another worker up to this many times before BullMQ fails
 * them (default 1). Every processor here resumes rather than repeats, so redelivery is safe, and a
 * verify job failed this way together with its time-out timer would leave a recovery verifying.
 */
export const MAX_STALLED_COUNT = 20;
