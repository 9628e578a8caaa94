/**
 * BullMQ queues. Verification jobs carry ids only (the worker reads the evidence object keys from
 * the verification record), never image bytes. Timers (recovery expiry, verification time-out,
 * access-pass expiry, evidence purge) are delayed jobs, so they survive any process restart; none
 * is an in-memory setTimeout.
 */
import { Queue, type ConnectionOptions, type Job } from 'bullmq';
import { z } from 'zod';
import type { JobScheduler } from '../recovery/ports';
import type { Logger } from '../logger';
import { NOTIFY_QUEUE, type NotifyJob } from '../notifications/jobs';
import { logQueueErrors } from './queueErrors';

export const VERIFY_QUEUE = 'verification';
export const TIMER_QUEUE = 'timers';
/** Repeating job that pushes the audit stream to AUDIT_WEBHOOK_URL (src/audit/auditPush.ts). */
export const AUDIT_PUSH_QUEUE = 'audit-push';
export { NOTIFY_QUEUE };

/**
 * Ids only: everything else (evidence keys, primary vendor, declared country) is in the
 * verification record written atomically with the move to `verifying`, so the job can be queued
 * before that move and is right whichever concurrent submission wins it.
 */
export const VerifyJobSchema = z.object({
  recoveryId: z.string(),
  attempt: z.number().int().positive(),
  /**
   * Jobs queued by earlier versions also carry `provider` and `evidence` (ignored: their records
   * hold both) and this, which their records lack.
   */
  documentCountry: z.string().length(3).optional(),
  /** Times the decision has waited for the directory (workers/estateWait.ts): its backoff. */
  directoryWaits: z.number().int().nonnegative().optional(),
});
export type VerifyJob = z.infer<typeof VerifyJobSchema>;

export const TimerJobSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('recovery-expiry'), recoveryId: z.string(), dueAt: z.number() }),
  z.object({ type: z.literal('verification-timeout'), recoveryId: z.string(), attempt: z.number(), dueAt: z.number() }),
  /** `lastLook`: set once the expiry has waited for a passkey found at the credential target (workers/enrollmentWatch.ts). */
  z.object({ type: z.literal('access-pass-expiry'), recoveryId: z.string(), dueAt: z.number(), lastLook: z.boolean().optional() }),
  z.object({ type: z.literal('evidence-purge'), recoveryId: z.string(), objectKeys: z.array(z.string()), dueAt: z.number() }),
  /** Polls the credential target for the passkey the person enrolls there (workers/enrollmentWatch.ts). */
  z.object({
    type: z.literal('enrollment-watch'),
    recoveryId: z.string(),
    dueAt: z.number(),
    /** When the pass was issued: a passkey registered since then is the recovered person's. */
    since: z.number(),
    methodId: z.string(),
    round: z.number().int().nonnegative(),
  }),
  /** Undoes at the credential target what a repudiated recovery left there (workers/targetUndo.ts). */
  z.object({ type: z.literal('target-undo'), recoveryId: z.string(), username: z.string(), dueAt: z.number() }),
  /** After a completion: clears the account's risk when it is a remediation or the account is risky (risk/remediate.ts). */
  z.object({ type: z.literal('risk-remediation'), recoveryId: z.string(), username: z.string(), remediation: z.boolean(), dueAt: z.number() }),
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

/** `log` is read per error (see logQueueErrors). */
export function createQueues(connection: ConnectionOptions, s: QueueSettings, log: () => Logger): Queues {
  const queues: Queues = {
    verify: new Queue<VerifyJob>(VERIFY_QUEUE, {
      connection,
      prefix: s.prefix,
      defaultJobOptions: {
        attempts: s.verifyAttempts,
        // Exponential backoff with jitter, so a vendor outage is not met by a synchronised stampede.
        backoff: { type: 'exponential', delay: s.verifyBackoffMs, jitter: 0.5 },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    }),
    timers: new Queue<TimerJob>(TIMER_QUEUE, {
      connection,
      prefix: s.prefix,
      defaultJobOptions: { attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
    }),
    notifications: new Queue<NotifyJob>(NOTIFY_QUEUE, {
      connection,
      prefix: s.prefix,
      // Completed jobs are kept a week: their ids (recovery + kind) de-duplicate repeated enqueues.
      defaultJobOptions: {
        attempts: 8,
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    }),
    auditPush: new Queue<Record<string, never>>(AUDIT_PUSH_QUEUE, {
      connection,
      prefix: s.prefix,
      defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: { count: 100 } },
    }),
  };
  for (const queue of Object.values(queues) as Queue[]) logQueueErrors(queue, log, 'queue error');
  return queues;
}

export async function scheduleTimer(queues: Queues, job: TimerJob, now: number): Promise<void> {
  await queues.timers.add(job.type, job, { jobId: jobIds.timer(job), delay: Math.max(0, job.dueAt - now) });
}

/**
 * How long a verification job waits unless its submission promotes it. The job is queued before
 * the state change it belongs to and promoted right after that commits, so the delay only matters
 * when the submitting process dies or loses Redis in between: the job then starts when it ends.
 */
export const VERIFY_GRACE_MS = 5_000;

/** Queues the verification job of an attempt, delayed by VERIFY_GRACE_MS; one already queued under its id is kept. */
export async function queueVerification(queues: Queues, recoveryId: string, attempt: number): Promise<Job<VerifyJob>> {
  const job = await queues.verify.add('verify', { recoveryId, attempt }, { jobId: jobIds.verify(recoveryId, attempt), delay: VERIFY_GRACE_MS });
  // The same id already failed: this attempt is being submitted again because its earlier
  // submission never committed (its job gave up waiting, e.g. through a Redis outage). An add
  // would be a no-op, so start that job afresh rather than leave the attempt to its time-out.
  if (await job.isFailed()) await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return job;
}

/** The queues behind `ctx.jobs`: what recovery, review and safety may do with them. */
export function queueJobs(queues: Queues): JobScheduler<TimerJob> {
  return {
    scheduleTimer: (job, now) => scheduleTimer(queues, job, now),
    queueVerification: (recoveryId, attempt) => queueVerification(queues, recoveryId, attempt),
  };
}

/**
 * Jobs whose worker died are handed to another worker up to this many times before BullMQ fails
 * them (default 1). Every processor here resumes rather than repeats, so redelivery is safe, and a
 * verify job failed this way together with its time-out timer would leave a recovery verifying.
 */
export const MAX_STALLED_COUNT = 20;

/** Options every Worker here shares: stalled-job hand-over (see MAX_STALLED_COUNT and WORKER_LOCK_MS). */
export function workerRecovery(config: { WORKER_LOCK_MS: number; WORKER_STALLED_CHECK_MS: number }) {
  return { maxStalledCount: MAX_STALLED_COUNT, lockDuration: config.WORKER_LOCK_MS, stalledInterval: config.WORKER_STALLED_CHECK_MS };
}
