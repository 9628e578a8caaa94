/**
 * With a credential target where the person enrolls elsewhere (Entra's Security info page), the
 * service learns of the new passkey by asking the target: a durable timer job polls it with
 * backoff (5 s doubling to a minute, or the target's Retry-After) until a passkey registered
 * after the pass appears, or the recovery leaves `access_pass_issued` (the pass expired, the
 * recovery was cancelled). Then the recovery completes, and the hygiene runs at the target: the
 * account's sessions are revoked, its earlier passkeys removed (PASSKEY_REVOKE_OLDER) and the
 * pass withdrawn, each audited. A retried job repeats the hygiene (each step is idempotent at the
 * target) but never the completion: the passkey is committed with the completion, and the clean-up
 * keeps being tried with backoff while the target cannot answer.
 */
import { DelayedError, type Job } from 'bullmq';
import type { AppContext } from '../context';
import { view } from '../../flows/transition';
import { advance } from '../recovery/advance';
import { appendAudit, auditSideWrite } from '../audit/auditLog';
import { CredentialUnavailableError } from '../connectors/credentials';
import { DirectoryUnavailableError, type DirectoryAccount } from '../connectors/directory';
import { ENROLLMENT_WATCH_FIRST_MS } from '../recovery/ports';
import { jobIds, type TimerJob } from './queues';

export { ENROLLMENT_WATCH_FIRST_MS };
const ENROLLMENT_WATCH_MAX_MS = 60_000;

type WatchJob = Extract<TimerJob, { type: 'enrollment-watch' }>;

export async function watchEnrollment(ctx: AppContext, job: Job<TimerJob>, data: WatchJob, token?: string): Promise<string> {
  const record = await ctx.recoveries.get(data.recoveryId);
  if (!record) return 'gone';
  const status = view(record.snapshot).status;
  // What the approval (the pass) and the completion (the passkey) committed, whatever this job's data says.
  const outcome = await ctx.issuedCredentials.outcome(data.recoveryId);
  if (status === 'completed' && outcome?.passkeyId) return cleanUp(ctx, job, data, token, record.meta.username, outcome.passkeyId, outcome.methodId);
  if (status !== 'access_pass_issued') return 'closed';
  let passkeyId: string | null = null;
  let account: DirectoryAccount | null;
  try {
    account = await ctx.directory.findAccount(record.meta.username);
    if (!account) return 'no_account';
    passkeyId = (await ctx.credentials.enrollment(account, data.since)).passkeyId;
  } catch (err) {
    if (!(err instanceof DirectoryUnavailableError || err instanceof CredentialUnavailableError)) throw err;
    return again(ctx, job, data, token, err.retryAfterMs);
  }
  if (!passkeyId) return again(ctx, job, data, token);
  const methodId = outcome?.methodId ?? data.methodId;
  const moved = await advance(ctx, data.recoveryId, { type: 'ENROLLMENT_COMPLETED' }, 'worker', () => [
    ctx.issuedCredentials.outcomeWriteOf(data.recoveryId, { methodId, passkeyId, issuedAt: outcome?.issuedAt ?? data.since }),
    auditSideWrite(ctx, {
      type: 'recovery.completed',
      recoveryId: data.recoveryId,
      username: record.meta.username,
      actor: 'worker',
      data: { target: ctx.credentials.kind, passkeyId, accessPassId: methodId },
    }),
  ]);
  if (!moved.applied) return 'closed';
  // From here a retry (the outcome committed with the completion says so) only repeats the clean-up.
  return cleanUp(ctx, job, data, token, record.meta.username, passkeyId, methodId);
}

/** The clean-up at the target, tried again with backoff for as long as the target cannot answer. */
async function cleanUp(
  ctx: AppContext,
  job: Job<TimerJob>,
  data: WatchJob,
  token: string | undefined,
  username: string,
  passkeyId: string,
  methodId: string | null,
): Promise<string> {
  try {
    const account = await ctx.directory.findAccount(username);
    if (!account) {
      ctx.logger.error({ recoveryId: data.recoveryId }, 'completed recovery: the account is no longer in the directory; clean-up at the target skipped');
      return 'no_account';
    }
    await hygiene(ctx, data, username, account, passkeyId, methodId);
    return 'completed';
  } catch (err) {
    if (!(err instanceof DirectoryUnavailableError || err instanceof CredentialUnavailableError)) throw err;
    return again(ctx, job, data, token, err.retryAfterMs);
  }
}

/**
 * The pass is about to expire: one last look at the target, so a passkey registered since the
 * watch's last poll (up to a minute ago) still completes the recovery. True when one is there:
 * the watch is woken to complete and clean up, and the expiry waits for it.
 */
export async function lastLook(ctx: AppContext, recoveryId: string): Promise<boolean> {
  const record = await ctx.recoveries.get(recoveryId);
  const outcome = await ctx.issuedCredentials.outcome(recoveryId);
  if (!record || view(record.snapshot).status !== 'access_pass_issued' || outcome?.issuedAt === undefined) return false;
  const account = await ctx.directory.findAccount(record.meta.username);
  if (!account || !(await ctx.credentials.enrollment(account, outcome.issuedAt)).passkeyId) return false;
  const watch = await ctx.queues.timers.getJob(jobIds.timer({ type: 'enrollment-watch', recoveryId, dueAt: 0, since: 0, methodId: '', round: 0 }));
  await watch?.promote().catch(() => undefined); // already running or due: it completes anyway
  return true;
}

async function again(ctx: AppContext, job: Job<TimerJob>, data: WatchJob, token: string | undefined, retryAfterMs = 0): Promise<never> {
  const delay = Math.max(retryAfterMs, Math.min(ENROLLMENT_WATCH_MAX_MS, ENROLLMENT_WATCH_FIRST_MS * 2 ** Math.min(data.round, 8)));
  await job.updateData({ ...data, round: data.round + 1, dueAt: ctx.clock.now() + delay });
  await job.moveToDelayed(Date.now() + delay, token);
  throw new DelayedError();
}

async function hygiene(
  ctx: AppContext,
  data: WatchJob,
  username: string,
  account: DirectoryAccount,
  passkeyId: string,
  methodId: string | null,
): Promise<void> {
  const removeOlderThan = ctx.config.PASSKEY_REVOKE_OLDER === 'all' ? data.since : null;
  const done = await ctx.credentials.hygiene(account, { keepPasskeyId: passkeyId, removeOlderThan });
  if (methodId) await ctx.credentials.withdraw(account, methodId);
  const audit = { recoveryId: data.recoveryId, username, actor: 'worker' as const };
  if (done.sessionsRevoked) await appendAudit(ctx, { ...audit, type: 'credentials.sessions_revoked', data: { target: ctx.credentials.kind } });
  for (const id of done.passkeysRemoved) {
    await appendAudit(ctx, { ...audit, type: 'passkey.revoked', data: { credentialId: id, reason: 'replaced_by_recovery', target: ctx.credentials.kind } });
  }
}
