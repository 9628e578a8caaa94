/**
 * Notification jobs (the outbox queue). Job ids are derived from the recovery and the kind, so a
 * repeated enqueue (a retried request, a replayed transition) never sends twice (BullMQ de-duplicates
 * by job id). Jobs carry ids only; the processor looks up names and addresses itself, which keeps
 * the start path identical for unknown usernames (OWASP Forgot Password Cheat Sheet).
 */
import { z } from 'zod';

export const NOTIFY_QUEUE = 'notifications';

export const NotifyJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recovery_started'), recoveryId: z.string() }),
  z.object({ kind: z.literal('recovery_completed'), recoveryId: z.string() }),
  z.object({
    kind: z.literal('helpdesk_alert'),
    alert: z.enum(['account_locked', 'owner_repudiated']),
    username: z.string(),
    recoveryId: z.string(),
    /** What the owner's report did: cancelled a running recovery, revoked a completed one, or nothing to undo. */
    outcome: z.enum(['locked', 'cancelled', 'revoked', 'recorded']),
    until: z.number().nullable(),
    at: z.number(),
  }),
  z.object({
    kind: z.literal('owner_alert'),
    alert: z.literal('self_service_locked'),
    username: z.string(),
    recoveryId: z.string(),
    until: z.number().nullable(),
    at: z.number(),
  }),
]);
export type NotifyJob = z.infer<typeof NotifyJobSchema>;

/** BullMQ custom job ids may not contain ':'. */
export function notifyJobId(job: NotifyJob): string {
  return job.kind === 'helpdesk_alert' || job.kind === 'owner_alert' ? `notify-${job.alert}-${job.recoveryId}` : `notify-${job.kind}-${job.recoveryId}`;
}
