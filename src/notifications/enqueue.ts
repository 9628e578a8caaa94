import type { AppContext } from '../context';
import { notifyJobId, type NotifyJob } from './jobs';

/** Adds a notification to the outbox queue; a second enqueue of the same (recovery, kind) is a no-op. */
export async function enqueueNotification(ctx: AppContext, job: NotifyJob): Promise<void> {
  await ctx.queues.notifications.add(job.kind, job, { jobId: notifyJobId(job) });
}
