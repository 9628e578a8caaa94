/**
 * A reviewer's decision on a case, with a written reason (required, audited). Approval continues
 * the journey (`REVIEW_APPROVED` → `access_pass_issued`, the pass then shown once to the claimant;
 * for an identity verification → `verified`, nothing issued);
 * rejection ends it (`REVIEW_REJECTED` → `rejected`, reason `review_rejected`). An approval of an
 * account that is disabled now, or that the credential target refuses, ends it with that reason
 * (`CREDENTIAL_REFUSED` → `rejected`, `account_disabled` / `credential_policy_blocked`).
 */
import type { AppContext } from '../context';
import { errors } from '../errors';
import { advance } from '../recovery/advance';
import type { Actor } from '../recovery/transitionTypes';
import { appendAudit } from '../audit/auditLog';
import { closeReview, getReview } from './reviewCases';
import { releaseReviewEvidence } from './releaseEvidence';
import type { RecoveryEvent } from '../../flows/recoveryMachine';
import { view } from '../../flows/transition';
import { recordedPolicy } from '../recoveryProfiles/resolveProfile';
import { approvalCredential, withdrawUnused, type ApprovalCredential } from '../recovery/approvalCredential';
import { CredentialUnavailableError } from '../connectors/credentials';
import type { DirectoryAccount } from '../connectors/directory';
import type { RecoveryMeta } from '../stores/recoveryStore';

export interface ReviewInput {
  decision: 'approve' | 'reject';
  reason: string;
}

export async function decideReview(ctx: AppContext, id: string, input: ReviewInput, reviewer: Actor): Promise<{ id: string; status: string }> {
  const record = await ctx.recoveries.get(id);
  if (!record) throw errors.recoveryNotFound();
  const current = view(record.snapshot).status;
  // Before anything is issued at the target: a decided case issues nothing.
  if (current !== 'in_review') throw errors.notInReview(current);
  // An identity verification issues nothing: its approval ends in `verified` (flows/recoveryMachine.ts).
  const approval = input.decision === 'approve' && record.meta.purpose !== 'verification' ? await reviewApproval(ctx, record.meta, reviewer) : null;
  const event: RecoveryEvent =
    input.decision === 'approve' && record.meta.purpose === 'verification'
      ? { type: 'REVIEW_APPROVED' }
      : !approval
        ? { type: 'REVIEW_REJECTED' }
        : approval.credential.kind === 'refused'
          ? { type: 'CREDENTIAL_REFUSED', reason: approval.credential.reason }
          : { type: 'REVIEW_APPROVED' };
  const moved = await advance(ctx, id, event, reviewer, () => (approval && approval.credential.kind !== 'at_reveal' ? approval.credential.writes : []));
  if (!moved.applied && approval?.account) await withdrawUnused(ctx, approval.account, approval.credential, id);
  if (!moved.applied || !moved.view) throw errors.notInReview(moved.view?.status ?? 'unknown');
  const outcome = input.decision === 'approve' ? ('approved' as const) : ('rejected' as const);
  const at = ctx.clock.now();
  const c = await getReview(ctx, id);
  if (c) await closeReview(ctx, { ...c, decision: { outcome, reason: input.reason, reviewer, at } });
  if (c) await releaseReviewEvidence(ctx, id, c.attempt);
  await appendAudit(ctx, {
    type: 'review.decided',
    recoveryId: id,
    username: record.meta.username,
    actor: reviewer,
    data: {
      outcome,
      reason: input.reason,
      attempt: c?.attempt ?? null,
      grounds: c?.grounds ?? [],
      // Approved by the reviewer, refused by the sign-in system or the directory: the recovery says which.
      ...(approval?.credential.kind === 'refused' ? { credentialRefused: approval.credential.reason } : {}),
    },
  });
  return { id, status: moved.view.status };
}

/**
 * An approval needs the account as the directory holds it now and, with a target that issues its
 * own pass, that pass: issued here, so the reviewer learns at once if the target refuses. A target
 * or directory that cannot answer gets the reviewer a 503 to retry; nothing has changed.
 */
async function reviewApproval(
  ctx: AppContext,
  meta: RecoveryMeta,
  reviewer: Actor,
): Promise<{ account: DirectoryAccount | null; credential: ApprovalCredential }> {
  const account = await ctx.directory.findAccount(meta.username);
  // Gone or disabled since the verification: the target would refuse it; say why.
  if (!account || account.disabled) {
    return { account: null, credential: { kind: 'refused', reason: 'account_disabled', writes: [] } };
  }
  try {
    // The recovery profile's pass policy, as recorded when the recovery's verification began.
    const policy = await recordedPolicy(ctx, meta);
    return { account, credential: await approvalCredential(ctx, { id: meta.id, username: meta.username }, account, reviewer, policy.accessPass) };
  } catch (err) {
    if (err instanceof CredentialUnavailableError) throw errors.credentialsUnavailable(err.retryAfterMs);
    throw err;
  }
}
