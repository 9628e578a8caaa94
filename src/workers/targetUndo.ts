/**
 * "This wasn't me" for a recovery whose pass and passkey live at the credential target (Entra):
 * the pass is withdrawn, the passkey the recovery enrolled is removed and the account's sessions
 * are revoked there. It runs as a durable job so that a target that is throttling or down when
 * the owner speaks is tried again with backoff, rather than the owner being asked to retry a link
 * they have already used. Each step is idempotent at the target.
 */
import type { AppContext } from '../context';
import { appendAudit } from '../audit/auditLog';
import type { TimerJob } from './queues';

type UndoJob = Extract<TimerJob, { type: 'target-undo' }>;

export async function undoAtTarget(ctx: AppContext, data: UndoJob): Promise<string> {
  const sealed = await ctx.issuedCredentials.open(data.recoveryId);
  const outcome = (await ctx.issuedCredentials.outcome(data.recoveryId)) ?? (sealed ? { methodId: sealed.methodId, passkeyId: null } : null);
  if (!outcome) return 'nothing_issued';
  const account = await ctx.directory.findAccount(data.username);
  if (!account) return 'no_account';
  // Throws CredentialUnavailableError while the target cannot answer: BullMQ retries with backoff.
  const undone = await ctx.credentials.undo(account, outcome);
  await appendAudit(ctx, {
    type: 'credentials.undone',
    recoveryId: data.recoveryId,
    username: data.username,
    actor: 'worker',
    data: { target: ctx.credentials.kind, ...undone },
  });
  return 'undone';
}
