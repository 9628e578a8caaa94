/**
 * With a credential target where the person enrolls elsewhere (Entra's Security info page), the
 * service learns of the new passkey by asking the target: a durable timer job polls it with
 * backoff (5 s doubling to a minute, or the target's Retry-After) until a passkey registered
 * after the pass appears, or the recovery leaves `access_pass_issued` (the pass expired, the
 * recovery was cancelled). Then the recovery completes, and the hygiene runs at the target: the
 * account's sessions are revoked, its earlier passkeys removed (PASSKEY_REVOKE_OLDER) and the
 * pass withdrawn, each audited. A retried job repeats the hygiene (each step is idempotent at the
 * target) but never the completion.
 */
import { DelayedError, type Job } from 'bullmq';
import type { AppContext } from '../context';
import { view } from '../../flows/transition';
import { advance } from '../recovery/advance';
import { appendAudit, auditSideWrite } from '../audit/auditLog';
import { CredentialUnavailableError } from '../connectors/credentials';
import { DirectoryUnavailableError, type DirectoryAccount } from '../connectors/directory';
import type { TimerJob } from './queues';

export const ENROLLMENT_WATCH_FIRST_MS = 5_000;
const ENROLLMENT_WATCH_MAX_MS = 60_000;

type WatchJob = Extract<TimerJob, { type: 'enrollment-watch' }>;

export async function watchEnrollment(ctx: AppContext, job: Job<TimerJob>, data: WatchJob, token?: string): Promise<string> {
  const record = await ctx.recoveries.get(data.recoveryId);
  if (!record) return 'gone';
  const status = view(record.snapshot).status;
  if (status === 'completed' && data.completedWith) {
    const account = await ctx.directory.findAccount(record.meta.username);
    if (account) await hygiene(ctx, data, record.meta.username, account, data.completedWith);
    return 'completed';
  }
  if (status !== 'access_pass_issued') return 'closed';
  let passkeyId: string | null = null;
  let account: DirectoryAccount | null = null;
  try {
    account = await ctx.directory.findAccount(record.meta.username);
    if (!account) return 'no_account';
    passkeyId = (await ctx.credentials.enrollment(account, data.since)).passkeyId;
  } catch (err) {
    if (!(err instanceof DirectoryUnavailableError || err instanceof CredentialUnavailableError)) throw err;
    return again(ctx, job, data, token, err.retryAfterMs);
  }
  if (!passkeyId) return again(ctx, job, data, token);
  const moved = await advance(ctx, data.recoveryId, { type: 'ENROLLMENT_COMPLETED' }, 'worker', () => [
    auditSideWrite(ctx, {
      type: 'recovery.completed', recoveryId: data.recoveryId, username: record.meta.username, actor: 'worker',
      data: { target: ctx.credentials.kind, passkeyId, accessPassId: data.methodId },
    }),
  ]);
  if (!moved.applied) return 'closed';
  // From here a retry only repeats the hygiene.
  await job.updateData({ ...data, completedWith: passkeyId });
  await hygiene(ctx, data, record.meta.username, account, passkeyId);
  return 'completed';
}

async function again(ctx: AppContext, job: Job<TimerJob>, data: WatchJob, token: string | undefined, retryAfterMs = 0): Promise<never> {
  const delay = Math.max(retryAfterMs, Math.min(ENROLLMENT_WATCH_MAX_MS, ENROLLMENT_WATCH_FIRST_MS * 2 ** Math.min(data.round, 8)));
  await job.updateData({ ...data, round: data.round + 1, dueAt: ctx.clock.now() + delay });
  await job.moveToDelayed(Date.now() + delay, token);
  throw new DelayedError();
}

async function hygiene(ctx: AppContext, data: WatchJob, username: string, account: DirectoryAccount, passkeyId: string): Promise<void> {
  const removeOlderThan = ctx.config.PASSKEY_REVOKE_OLDER === 'all' ? data.since : null;
  const done = await ctx.credentials.hygiene(account, { keepPasskeyId: passkeyId, removeOlderThan });
  await ctx.credentials.withdraw(account, data.methodId);
  const audit = { recoveryId: data.recoveryId, username, actor: 'worker' as const };
  if (done.sessionsRevoked) await appendAudit(ctx, { ...audit, type: 'credentials.sessions_revoked', data: { target: ctx.credentials.kind } });
  for (const id of done.passkeysRemoved) {
    await appendAudit(ctx, { ...audit, type: 'passkey.revoked', data: { credentialId: id, reason: 'replaced_by_recovery', target: ctx.credentials.kind } });
  }
}
