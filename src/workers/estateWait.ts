/**
 * The vendor has answered but the identity estate cannot: the directory cannot be read (down,
 * throttled, or refusing the service account after a credential change), or the credential
 * target cannot issue the access pass now (Graph throttling or down). Nobody is declined for
 * that: the job parks with exponential backoff (or the system's own Retry-After) and decides once
 * it answers.
 * The vendor's answer is already saved, so waking again never pays the vendor twice. Each wait
 * also tells the verification time-out that an answer is in hand (DECISION_DEFERRED), so the
 * attempt stays open while workers keep trying; the recovery's own expiry still bounds the wait.
 */
import { DelayedError, type Job } from 'bullmq';
import type { AppContext } from '../context';
import type { DirectoryConfigError, DirectoryUnavailableError } from '../connectors/directory';
import type { CredentialUnavailableError } from '../connectors/credentials';
import { advance } from '../recovery/advance';
import { auditSideWrite } from '../audit/auditLog';
import { lateSendGraceMs } from './timerProcessor';
import type { VerifyJob } from './queues';

const FIRST_WAIT_MS = 1000;

export async function waitForEstate(
  ctx: AppContext,
  data: VerifyJob,
  job: Job<VerifyJob>,
  token: string | undefined,
  err: DirectoryUnavailableError | DirectoryConfigError | CredentialUnavailableError,
): Promise<never> {
  const waits = data.directoryWaits ?? 0;
  // Waits stay well inside the time-out's grace, so a waiting attempt is never closed between two.
  const ceiling = Math.max(FIRST_WAIT_MS, Math.min(60_000, lateSendGraceMs(ctx) / 2));
  const hinted = 'retryAfterMs' in err ? (err.retryAfterMs ?? 0) : 0;
  const delay = Math.min(ceiling, Math.max(hinted, FIRST_WAIT_MS * 2 ** Math.min(waits, 16)));
  const log = err.code === 'directory.misconfigured' ? ctx.logger.error.bind(ctx.logger) : ctx.logger.warn.bind(ctx.logger);
  log(
    { recoveryId: data.recoveryId, attempt: data.attempt, code: err.code, err: err.message, waitMs: delay },
    'identity estate not answering; the decision waits',
  );
  await advance(ctx, data.recoveryId, { type: 'DECISION_DEFERRED', attempt: data.attempt, at: ctx.clock.now() }, 'worker', () =>
    waits > 0
      ? []
      : [auditSideWrite(ctx, { type: 'verification.waiting', recoveryId: data.recoveryId, actor: 'worker', data: { attempt: data.attempt, code: err.code } })],
  );
  await job.updateData({ ...data, directoryWaits: waits + 1 });
  await job.moveToDelayed(Date.now() + delay, token);
  throw new DelayedError();
}
