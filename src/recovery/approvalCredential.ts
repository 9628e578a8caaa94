/**
 * The credential of an approval, for targets that issue it themselves (an Entra TAP): issued at
 * the target before the recovery moves to `access_pass_issued`, and committed sealed in the same
 * atomic write as that move, so the status that says "issued" always has a pass to show. The
 * built-in target needs nothing here: its pass is minted in the write that shows it
 * (readStatus.ts).
 *
 * A target that refuses the account for good (outside its TAP policy, disabled) ends the recovery
 * with that reason, for the help desk to see. A target that cannot answer now throws
 * CredentialUnavailableError: the verification worker waits and tries again; a reviewer is asked
 * to retry.
 */
import type { AppContext } from '../context';
import { CredentialRefusedError, CredentialUnavailableError, type IssuedCredential, type RefusalReason } from '../connectors/credentials';
import { ENROLLMENT_WATCH_FIRST_MS } from './ports';
import type { DirectoryAccount } from '../connectors/directory';
import type { SideWrite } from '../stores/recoveryStore';
import { auditSideWrite } from '../audit/auditLog';
import type { Actor } from './transitionTypes';

export type ApprovalCredential =
  | { kind: 'at_reveal' }
  | { kind: 'issued'; credential: IssuedCredential; writes: SideWrite[] }
  | { kind: 'refused'; reason: RefusalReason; writes: SideWrite[] };

/** `pass`: the recovery profile's access-pass policy (recoveryProfiles/effectivePolicy.ts); default the deployment's. */
export async function approvalCredential(
  ctx: AppContext,
  recovery: { id: string; username: string },
  account: DirectoryAccount,
  actor: Actor,
  pass: { lifetimeMinutes: number; oneTimeUse: boolean } = { lifetimeMinutes: ctx.config.TAP_LIFETIME_MINUTES, oneTimeUse: ctx.config.TAP_ONE_TIME_USE },
): Promise<ApprovalCredential> {
  if (ctx.credentials.kind === 'builtin') return { kind: 'at_reveal' };
  const audit = { recoveryId: recovery.id, username: recovery.username, actor };
  if (!(await ctx.issuedCredentials.claim(recovery.id, ISSUE_CLAIM_MS))) {
    throw new CredentialUnavailableError('another approval of this recovery is issuing its pass', 1000);
  }
  try {
    const credential = await ctx.credentials.issue(account, {
      recoveryId: recovery.id,
      lifetimeMinutes: pass.lifetimeMinutes,
      oneTimeUse: pass.oneTimeUse,
    });
    await scheduleCredentialTimers(ctx, recovery.id, credential);
    return {
      kind: 'issued',
      credential,
      writes: [
        ctx.issuedCredentials.writeOf(recovery.id, credential, ctx.clock.now()),
        // Ids only: what "this wasn't me" undoes at the target, even if the pass is never shown.
        ctx.issuedCredentials.outcomeWriteOf(recovery.id, { methodId: credential.methodId, passkeyId: null, issuedAt: credential.createdAt }),
        auditSideWrite(ctx, {
          ...audit,
          type: 'access_pass.created',
          data: {
            target: ctx.credentials.kind,
            methodId: credential.methodId,
            expiresAt: credential.expiresAt,
            oneTimeUse: credential.oneTimeUse,
          },
        }),
      ],
    };
  } catch (err) {
    await ctx.issuedCredentials.release(recovery.id);
    if (!(err instanceof CredentialRefusedError)) throw err;
    return {
      kind: 'refused',
      reason: err.reason,
      writes: [auditSideWrite(ctx, { ...audit, type: 'access_pass.refused', data: { target: ctx.credentials.kind, reason: err.reason, detail: err.message } })],
    };
  }
}

/** Longer than an issue takes (list, delete, create at Graph), short enough that a crashed approval is soon retried. */
const ISSUE_CLAIM_MS = 60_000;

/**
 * The pass's expiry and the enrollment watch, scheduled before the approval commits: a recovery
 * must never sit in `access_pass_issued` with nothing to end it (the claimant may never come back
 * for the pass). If the approval does not commit, both find the recovery elsewhere and do nothing.
 */
async function scheduleCredentialTimers(ctx: AppContext, recoveryId: string, credential: IssuedCredential): Promise<void> {
  const now = ctx.clock.now();
  await ctx.jobs.scheduleTimer({ type: 'access-pass-expiry', recoveryId, dueAt: credential.expiresAt }, now);
  await ctx.jobs.scheduleTimer(
    {
      type: 'enrollment-watch',
      recoveryId,
      dueAt: now + ENROLLMENT_WATCH_FIRST_MS,
      since: credential.createdAt,
      methodId: credential.methodId,
      round: 0,
    },
    now,
  );
}

/** A credential issued for an approval that did not commit (the recovery closed meanwhile) is withdrawn at the target. */
export async function withdrawUnused(ctx: AppContext, account: DirectoryAccount, step: ApprovalCredential, recoveryId: string): Promise<void> {
  if (step.kind !== 'issued') return;
  await ctx.credentials.withdraw(account, step.credential.methodId).catch((err: unknown) => {
    // It expires on its own (its lifetime is the access-pass policy's); the log says which one.
    ctx.logger.warn({ recoveryId, methodId: step.credential.methodId, err: String(err) }, 'unused credential not withdrawn; it will expire');
  });
}
