/**
 * What recovery (and review and safety) needs of the job queues, and nothing more: a scheduler
 * (`ctx.jobs`) for its timers and verification jobs. The BullMQ implementation and the job shapes
 * are in workers/queues.ts (queueJobs, TimerJobSchema); the context names the timer type, so
 * recovery never imports the workers.
 */

/** The first look for an enrolled passkey, after the pass is issued; later looks back off (workers/enrollmentWatch.ts). */
export const ENROLLMENT_WATCH_FIRST_MS = 5_000;

/** A queued verification job: delayed until its submission commits and promotes it. */
export interface QueuedVerification {
  promote(): Promise<void>;
}

/** `Timer` is the timer jobs' union (workers/queues.ts TimerJob): each is due at `dueAt`. */
export interface JobScheduler<Timer extends { type: string; recoveryId: string; dueAt: number }> {
  /** A delayed job, due at `job.dueAt`; one already scheduled under the same id is kept. */
  scheduleTimer(job: Timer, now: number): Promise<void>;
  /** The verification job of an attempt, delayed by a grace period; one already queued under its id is kept. */
  queueVerification(recoveryId: string, attempt: number): Promise<QueuedVerification>;
}
