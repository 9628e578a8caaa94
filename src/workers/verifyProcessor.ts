/**
 * Runs one verification attempt. A redelivered job resumes rather than repeats: the vendor
 * reference is saved right after submission and the vendor is given an idempotency key, so a job
 * retried after a crash never submits twice. The processor steers BullMQ by what it throws:
 * transient vendor errors are retried with backoff, definitive ones are UnrecoverableError, and an
 * unfinished vendor check parks the job (DelayedError) until the next poll or the vendor's webhook.
 * The job carries ids only: its inputs are in the attempt's verification record, written atomically
 * with the move to `verifying`. The job is queued just before that move (submitEvidence); if it runs
 * before the move commits, it waits for it.
 */
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { AppContext } from '../context';
import { IdvResultSchema, ProviderError, ProviderNameSchema, type IdvResult } from '../../providers/contract';
import { capabilitiesOf } from '../../providers/registry';
import { submitOnce } from './submitOnce';
import { claimantFor } from './claimantData';
import { view, type RecoveryView } from '../../flows/transition';
import type { RecoveryEvent } from '../../flows/recoveryMachine';
import { decide } from '../policies/verificationDecision';
import { advance } from '../recovery/advance';
import { prepareAccessPass } from '../recovery/accessPassCandidate';
import {
  RECORD_TTL_MS,
  evidenceKey,
  readAttempt,
  writeVendorState,
  type AttemptState,
  type VendorState,
  type VerificationRecord,
} from '../recovery/verificationRecord';
import { finishAttempt } from './finishAttempt';
import { lockedUnderDirectoryId } from '../safety/directoryIdGate';
import { DirectoryConfigError, DirectoryUnavailableError } from '../connectors/directory';
import { waitForEstate } from './estateWait';
import { CredentialUnavailableError } from '../connectors/credentials';
import { approvalCredential, withdrawUnused, type ApprovalCredential } from '../recovery/approvalCredential';
import { auditSideWrite } from '../audit/auditLog';
import { openReviewWrites } from '../review/reviewCases';
import { reviewCaseFrom } from '../review/reviewCase';
import { VERIFY_GRACE_MS, VerifyJobSchema, type VerifyJob } from './queues';
import { chooseProvider, requireProvider } from './vendorChoice';
import { verdictWrites } from './verdictWrites';
import { checkClaims } from './claimCheck';
import { identityWrites } from './identityWrites';
import { resolveProfile, type ResolvedProfile } from '../recoveryProfiles/resolveProfile';
import { applyMode, evaluationWrites, hooksOf, isRiskyAccount, verdictOf } from './profileRules';

export type VerifyOutcome = 'approved' | 'review' | 'declined' | 'evaluated' | 'stale' | 'unanswered';

/** Longest pause of a job waiting for its submission to commit (see waitForSubmission). */
const MAX_SUBMISSION_WAIT_MS = 60_000;

export function verifyProcessor(ctx: AppContext) {
  return async (job: Job<VerifyJob>, token?: string): Promise<VerifyOutcome> => {
    const data = VerifyJobSchema.parse(job.data);
    try {
      return await runVerification(ctx, data, job, token);
    } catch (err) {
      if (err instanceof DirectoryUnavailableError || err instanceof DirectoryConfigError || err instanceof CredentialUnavailableError) {
        return waitForEstate(ctx, data, job, token, err);
      }
      if (!(err instanceof ProviderError)) throw err; // DelayedError, or unexpected: BullMQ retries
      const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (err.transient && !lastTry) throw err;
      const event: RecoveryEvent = err.transient
        ? { type: 'VERIFICATION_UNANSWERED', attempt: data.attempt, reason: 'vendor_unavailable' }
        : { type: 'VERIFICATION_DECLINED', attempt: data.attempt, reason: 'verification_declined', retryable: true };
      await advance(ctx, data.recoveryId, event, 'worker');
      await finishAttempt(ctx, data.recoveryId, data.attempt);
      throw new UnrecoverableError(err.code);
    }
  };
}

async function runVerification(ctx: AppContext, data: VerifyJob, job: Job<VerifyJob>, token?: string): Promise<VerifyOutcome> {
  // One round trip: the commands are all on the wire before any reply (the recorded recovery
  // profile too: absent only before the first send, when it is decided below).
  const [record, attempt, recordedProfile] = await Promise.all([
    ctx.recoveries.get(data.recoveryId),
    readAttempt(ctx, data.recoveryId, data.attempt),
    ctx.recoveryProfiles.applied(data.recoveryId),
  ]);
  if (!record) return 'stale';
  const current = view(record.snapshot);
  if (isSubmitting(current, data.attempt)) return waitForSubmission(ctx, data, job, token);
  if (current.status !== 'verifying' || current.context.attempt !== data.attempt) {
    // This attempt is over (decided, timed out or cancelled): the records read are its own, and
    // only its clean-up is left to repeat. Another upload's records are under another attempt.
    await finishAttempt(ctx, data.recoveryId, data.attempt, attempt);
    return 'stale';
  }
  // Written in the same atomic write as the move to `verifying` just checked.
  if (!attempt.record) throw new Error(`verification record of ${data.recoveryId} attempt ${data.attempt} missing`);
  // The recovery profile (docs/recovery-profiles.md): decided at the first send, recorded with it.
  const profile = await resolveProfile(ctx, record.meta, isRiskyAccount, recordedProfile);
  const submitted = await vendorResult(ctx, data, attempt.record, attempt, job.attemptsMade, record.meta.username, profile);
  if (!submitted) {
    // Closed (timed out, cancelled) between the check above and the send: nothing was sent.
    await finishAttempt(ctx, data.recoveryId, data.attempt, attempt);
    return 'stale';
  }
  if (!submitted.result) {
    // While the vendor works, prepare the access pass (its scrypt hash is the slow part), so that
    // an approval reaches the claimant's screen without it. A vendor that answers at once leaves
    // no wait to hide it in: the pass is then minted when first shown.
    if (ctx.credentials.kind === 'builtin' && record.meta.purpose !== 'verification' && profile.policy.mode === 'production') {
      await prepareAccessPass(ctx, data.recoveryId, profile.policy.accessPass.length);
    }
    return parkUntilPoll(ctx, data, job, token);
  }
  const result = submitted.result;
  // An identity verification that names no account (startVerification.ts) matches none.
  const accountMatch = !(record.meta.purpose === 'verification' && record.meta.username === '');
  const user = accountMatch ? await ctx.directory.findAccount(record.meta.username) : null;
  if (user && (await lockedUnderDirectoryId(ctx, record.meta, user.id, data.attempt))) {
    await finishAttempt(ctx, data.recoveryId, data.attempt, { ...attempt, vendor: submitted.vendor });
    return 'declined';
  }
  const [others, typed] = await Promise.all([user ? ctx.directory.sameName(user) : [], ctx.claimantAttributes.read(data.recoveryId)]);
  // What the claimant declared: the country that chose the vendor route, and the employee ID they typed.
  const declared = { documentCountry: attempt.record.documentCountry ?? data.documentCountry ?? null, employeeId: typed.employeeId };
  const rules = profile.policy;
  const matched = decide(
    result,
    user,
    {
      faceMatchThreshold: rules.faceMatchThreshold,
      faceMatchReviewBand: ctx.config.FACE_MATCH_REVIEW_BAND,
      nameMatchMode: rules.matching.nameMatchMode,
      allowNameOnlyMatch: rules.matching.allowNameOnly,
      requiredAttributes: rules.matching.requiredAttributes,
      accountMatch,
    },
    others,
    declared,
  );
  // The claim-validation hooks (docs/claim-hooks.md), the profile's or the deployment's: after the match, before any credential.
  const hooks = await checkClaims(ctx, data, result, user, record.meta.username, matched, hooksOf(ctx, rules));
  // What the profile's mode makes of the verdict: a trial ends, and no profile means no self-service.
  // (A verification's rules are always `production`: recovery profiles do not apply to it.)
  const decision = applyMode(hooks.decision, rules.mode);
  const production = rules.mode === 'production';
  // A target that issues its own pass (Entra) issues it now, before the move that says "issued".
  // A verification issues nothing: it ends in `verified` (flows/recoveryMachine.ts).
  const credential: ApprovalCredential =
    decision.outcome === 'approved' && user && record.meta.purpose !== 'verification' && production
      ? await approvalCredential(ctx, { id: data.recoveryId, username: record.meta.username }, user, 'worker', rules.accessPass)
      : { kind: 'at_reveal' };
  const event: RecoveryEvent = hooks.unavailable
    ? { type: 'VERIFICATION_UNANSWERED', attempt: data.attempt, reason: 'vendor_unavailable' }
    : credential.kind === 'refused'
      ? { type: 'VERIFICATION_DECLINED', attempt: data.attempt, reason: credential.reason, retryable: false }
      : decision.outcome === 'evaluated'
        ? { type: 'VERIFICATION_EVALUATED', attempt: data.attempt }
        : decision.outcome === 'approved'
          ? { type: 'VERIFICATION_APPROVED', attempt: data.attempt }
          : decision.outcome === 'review'
            ? { type: 'VERIFICATION_REVIEW', attempt: data.attempt }
            : { type: 'VERIFICATION_DECLINED', attempt: data.attempt, reason: decision.reason, retryable: decision.retryable };
  // A case for a trusted referee (NIST SP 800-63A-4 §3.1.13): scores and reasons, never images;
  // written atomically with the move to in_review.
  const reviewWrites =
    decision.outcome === 'review'
      ? openReviewWrites(
          ctx,
          reviewCaseFrom({ recoveryId: data.recoveryId, username: record.meta.username, attempt: data.attempt, openedAt: ctx.clock.now() }, result, decision),
        )
      : [];
  // The verdict is recorded only when it is applied, in the same atomic write.
  const credentialWrites = credential.kind === 'at_reveal' ? [] : credential.writes;
  const moved = await advance(ctx, data.recoveryId, event, 'worker', () => [
    ...reviewWrites,
    ...credentialWrites,
    ...hooks.writes,
    ...evaluationWrites(ctx, data, record.meta.username, profile, decision),
    ...verdictWrites(ctx, data, record.meta.username, result, verdictOf(decision), rules.matching.nameMatchMode),
    ...identityWrites(ctx, record.meta, data.attempt, attempt.record!, result, verdictOf(decision)),
  ]);
  if (!moved.applied && user) await withdrawUnused(ctx, user, credential, data.recoveryId);
  await finishAttempt(ctx, data.recoveryId, data.attempt, { ...attempt, vendor: submitted.vendor }, { keepForReview: decision.outcome === 'review' });
  // The verdict approved, but the credential target refused the account: the recovery is declined.
  const outcome = credential.kind === 'refused' ? 'declined' : decision.outcome;
  const reason = credential.kind === 'refused' ? credential.reason : decision.outcome === 'declined' ? decision.reason : undefined;
  ctx.logger.info(
    { recoveryId: data.recoveryId, attempt: data.attempt, provider: attempt.record.provider, outcome, reason, reasonCodes: result.reasonCodes },
    'verification decided',
  );
  return outcome;
}

/** The submission that queued this job (before its move to `verifying`) has not committed that move, or not yet. */
function isSubmitting(current: RecoveryView, attempt: number): boolean {
  return current.status === 'awaiting_evidence' && current.context.attempt === attempt - 1;
}

/**
 * Parks the job until its submission commits: the submission promotes it then. A job whose
 * submission died is taken over by the claimant's next upload (same attempt, same job id) or ends
 * stale when the recovery expires; meanwhile it wakes less often the longer it has waited.
 */
async function waitForSubmission(ctx: AppContext, data: VerifyJob, job: Job<VerifyJob>, token?: string): Promise<never> {
  const wait = Math.min(Math.max(Date.now() - job.timestamp, VERIFY_GRACE_MS), MAX_SUBMISSION_WAIT_MS);
  await job.moveToDelayed(Date.now() + wait, token);
  // A promotion while this run held the job failed; now that it is parked, look once more.
  const record = await ctx.recoveries.get(data.recoveryId);
  if (!record || !isSubmitting(view(record.snapshot), data.attempt)) {
    await job.promote().catch(() => undefined); // promoted already: fine; failed: the delay still ends
  }
  throw new DelayedError();
}

/**
 * Still processing at the vendor: poll again later; a webhook promotes the job sooner. A webhook
 * that arrived while this run held the job found nothing to promote (an active job cannot be), so
 * it raised the attempt's wake flag instead (routes/webhooks.ts): taken once the job is parked, it
 * promotes the job at once rather than a poll interval later.
 */
async function parkUntilPoll(ctx: AppContext, data: VerifyJob, job: Job<VerifyJob>, token?: string): Promise<never> {
  await job.moveToDelayed(Date.now() + ctx.config.IDV_POLL_INTERVAL_MS, token);
  if (await ctx.webhooks.takeWake(data.recoveryId, data.attempt)) await job.promote().catch(() => undefined); // promoted by the webhook already: fine
  throw new DelayedError();
}

interface Submission {
  vendor: VendorState;
  /** Null while the vendor is still working. */
  result: IdvResult | null;
}

/** The vendor's answer (or null while it works), or null when the attempt closed before a send. */
async function vendorResult(
  ctx: AppContext,
  data: VerifyJob,
  verification: VerificationRecord,
  saved: AttemptState,
  attemptsMade: number,
  username: string,
  profile: ResolvedProfile,
): Promise<Submission | null> {
  if (saved.vendor?.result) return { vendor: saved.vendor, result: IdvResultSchema.parse(saved.vendor.result) };
  if (saved.vendor) return { vendor: saved.vendor, result: await requireProvider(ctx, saved.vendor.provider).fetchResult(saved.vendor.vendorRef) };
  const primary = ProviderNameSchema.parse(profile.policy.vendors.primary);
  const country = verification.documentCountry ?? data.documentCountry ?? null;
  const name = saved.sticky ?? chooseProvider(ctx, profile.policy.vendors, country, attemptsMade);
  const provider = requireProvider(ctx, name);
  // Recorded before the evidence leaves: a vendor may keep (and bill) a submission whose answer
  // never arrives, or this worker may die before it can save the answer, and the trail must still
  // show which vendor received this person's biometrics (NIST SP 800-63A-4: records of proofing).
  // It is a state change of the recovery, accepted only while this attempt is open: the time-out
  // is one too, so the two cannot interleave and no vendor is paid for an attempt already closed.
  const claimed = await advance(ctx, data.recoveryId, { type: 'VENDOR_SEND_STARTED', attempt: data.attempt, at: ctx.clock.now() }, 'worker', () => [
    ...profile.writes,
    auditSideWrite(ctx, {
      type: 'verification.sending',
      recoveryId: data.recoveryId,
      actor: 'worker',
      data: { attempt: data.attempt, provider: name, primary, try: attemptsMade + 1 },
    }),
  ]);
  if (!claimed.applied) return null;
  const [[selfie, documentFront, documentBack], claimant] = await Promise.all([
    readEvidence(ctx, verification),
    claimantFor(ctx.directory, capabilitiesOf(name), username, verification, country),
  ]);
  // submitOnce: a vendor without idempotency keys is asked for this key's transaction before a re-send.
  const outcome = await submitOnce(
    provider,
    {
      idempotencyKey: `${data.recoveryId}-${data.attempt}`,
      selfie,
      selfieSource: verification.selfieSource,
      documentFront,
      documentBack,
      callbackUrl: `${ctx.config.WEBHOOK_BASE_URL}/v1/webhooks/${name}`,
      ...(claimant ? { claimant } : {}),
    },
    ctx.submissionMarks,
  ).catch(async (err: unknown) => {
    // The vendor may have accepted it: from now on this verification only retries there, under
    // the same idempotency key, so the check is never paid for at two vendors.
    if (err instanceof ProviderError && err.delivery === 'unknown') {
      await ctx.verifications.stickToVendor(data.recoveryId, data.attempt, name, RECORD_TTL_MS);
    }
    throw err;
  });
  const vendor: VendorState = { provider: name, vendorRef: outcome.vendorRef, result: outcome.result };
  await writeVendorState(ctx, data.recoveryId, data.attempt, vendor, {
    type: 'verification.submitted',
    recoveryId: data.recoveryId,
    actor: 'worker',
    data: { attempt: data.attempt, provider: name, primary, failover: name !== primary, vendorRef: outcome.vendorRef, selfieSource: verification.selfieSource },
  });
  return { vendor, result: outcome.result ?? (await provider.fetchResult(outcome.vendorRef)) };
}

/** Selfie, document front and (optional) back, decrypted. */
async function readEvidence(ctx: AppContext, verification: VerificationRecord): Promise<[Buffer, Buffer, Buffer | undefined]> {
  const selfie = evidenceKey(verification, 'selfie');
  const front = evidenceKey(verification, 'documentFront');
  const back = evidenceKey(verification, 'documentBack');
  if (!selfie || !front) throw new Error(`verification record of ${verification.recoveryId} names no selfie or document front`);
  return Promise.all([ctx.evidence.get(selfie), ctx.evidence.get(front), back ? ctx.evidence.get(back) : undefined]);
}
