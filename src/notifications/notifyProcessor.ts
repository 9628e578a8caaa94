/**
 * Sends one notification job. Owner notices go to every address on the account (NIST SP
 * 800-63B-4 §4.2.3: all non-postal addresses), each with its own one-time "this wasn't me" link.
 * An unknown username finds no account here and sends nothing: the start path did the same work
 * either way. Delivery is once per (job, recipient): a retried job skips what was delivered.
 */
import type { Job } from 'bullmq';
import type { AppContext } from '../context';
import { appendAudit } from '../audit/auditLog';
import { issueRepudiationToken } from '../safety/repudiationTokens';
import { notifyJobId, NotifyJobSchema, type NotifyJob } from './jobs';
import type { OutboundMessage } from './message';
import { helpdeskAlert, ownerLocked, recoveryCompleted, recoveryStarted, type Composed } from './messages';

type Draft = { to: string; compose: () => Promise<Composed> };

export function notifyProcessor(ctx: AppContext) {
  return async (job: Job<NotifyJob>): Promise<string> => {
    const data = NotifyJobSchema.parse(job.data);
    const jobId = notifyJobId(data);
    const drafts =
      data.kind === 'helpdesk_alert'
        ? helpdeskDrafts(ctx, data)
        : data.kind === 'owner_alert'
          ? await ownerAlertDrafts(ctx, data)
          : await ownerDrafts(ctx, data);
    let sent = 0;
    for (const [index, draft] of drafts.entries()) {
      if (await deliverOnce(ctx, data, `${jobId}-${index}`, draft)) sent += 1;
    }
    if (sent > 0) {
      await appendAudit(ctx, {
        type: 'notification.sent',
        recoveryId: data.recoveryId,
        actor: 'worker',
        data: { kind: data.kind, recipients: sent, transport: ctx.transport.name },
      });
    }
    return `sent ${sent}`;
  };
}

async function ownerDrafts(ctx: AppContext, data: Extract<NotifyJob, { kind: 'recovery_started' | 'recovery_completed' }>): Promise<Draft[]> {
  const record = await ctx.recoveries.get(data.recoveryId);
  const user = record ? await ctx.directory.findAccount(record.meta.username) : null;
  if (!record || !user) return [];
  const c = { serviceName: ctx.config.NOTIFY_SERVICE_NAME, support: ctx.config.NOTIFY_SUPPORT_CONTACT };
  return user.emails.map((to) => ({
    to,
    compose: async () => {
      const { token, expiresAt } = await issueRepudiationToken(ctx, data.recoveryId, record.meta.username);
      // Built from PUBLIC_BASE_URL, never from a Host header (OWASP Forgot Password Cheat Sheet).
      const url = `${ctx.config.PUBLIC_BASE_URL}/repudiate?token=${token}`;
      const p = { username: user.username, url, linkExpiresAt: expiresAt };
      return data.kind === 'recovery_started'
        ? recoveryStarted(c, { ...p, at: record.meta.createdAt, viaHelpdesk: record.meta.origin === 'helpdesk_link' })
        : recoveryCompleted(c, { ...p, at: record.updatedAt || ctx.clock.now() });
    },
  }));
}

/** Every address of the account, as for the recovery notices; an unknown username sends nothing. */
async function ownerAlertDrafts(ctx: AppContext, data: Extract<NotifyJob, { kind: 'owner_alert' }>): Promise<Draft[]> {
  const user = await ctx.directory.findAccount(data.username);
  if (!user) return [];
  const c = { serviceName: ctx.config.NOTIFY_SERVICE_NAME, support: ctx.config.NOTIFY_SUPPORT_CONTACT };
  return user.emails.map((to) => ({ to, compose: async () => ownerLocked(c, { username: user.username, at: data.at, until: data.until }) }));
}

function helpdeskDrafts(ctx: AppContext, data: Extract<NotifyJob, { kind: 'helpdesk_alert' }>): Draft[] {
  const to = ctx.config.HELPDESK_NOTIFY_EMAIL;
  if (!to) return [];
  const c = { serviceName: ctx.config.NOTIFY_SERVICE_NAME, support: ctx.config.NOTIFY_SUPPORT_CONTACT };
  return [{ to, compose: async () => helpdeskAlert(c, data) }];
}

/** Sends unless a previous try of the same job already delivered this message. */
async function deliverOnce(ctx: AppContext, data: NotifyJob, id: string, draft: Draft): Promise<boolean> {
  if (await ctx.notificationMarks.wasSent(id)) return false;
  const composed = await draft.compose();
  const message: OutboundMessage = { id, kind: data.kind, to: draft.to, ...composed, recoveryId: data.recoveryId, createdAt: ctx.clock.now() };
  await ctx.transport.send(message);
  await ctx.notificationMarks.markSent(id);
  return true;
}
