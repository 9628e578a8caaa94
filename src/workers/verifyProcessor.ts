/**
 * Runs one verification attempt. A redelivered job resumes rather than repeats: the vendor
 * reference is saved right after submission and the vendor is given an idempotency key, so a job
 * retried after a crash never submits twice. The processor steers BullMQ by what it throws:
 * transient vendor errors are retried with backoff, definitive ones are UnrecoverableError, and an
 * unfinished vendor check parks the job (DelayedError) until the next poll or the vendor's webhook.
 */
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { AppContext } from '../context';
import { IdvResultSchema, ProviderError, type IdvResult, type ProviderName } from '../../providers/contract';
import { pickProvider, providerChain } from '../resilience/providerChain';
import { view } from '../../flows/transition';
import type { RecoveryEvent } from '../../flows/recoveryMachine';
import { decide, type Decision } from '../policies/verificationDecision';
import { advance } from '../recovery/advance';
import { RECORD_TTL_MS, readVendorState, writeVendorState, writeVerdictSummary } from '../recovery/verificationRecord';
import { finishAttempt } from './finishAttempt';
import { appendAudit } from '../audit/auditLog';
import { openReviewWrites } from '../review/reviewStore';
import { reviewCaseFrom } from '../review/reviewCase';
import { VerifyJobSchema, type VerifyJob } from './queues';

export type VerifyOutcome = 'approved' | 'review' | 'declined' | 'stale' | 'unanswered';

export function verifyProcessor(ctx: AppContext) {
  return async (job: Job<VerifyJob>, token?: string): Promise<VerifyOutcome> => {
    const data = VerifyJobSchema.parse(job.data);
    try {
      return await runVerification(ctx, data, job, token);
    } catch (err) {
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
  const record = await ctx.recoveries.get(data.recoveryId);
  if (!record) return 'stale';
  const current = view(record.snapshot);
  if (current.status !== 'verifying' || current.context.attempt !== data.attempt) {
    await finishAttempt(ctx, data.recoveryId, data.attempt);
    return 'stale';
  }
  const result = await vendorResult(ctx, data, job.attemptsMade);
  if (!result) {
    // Still processing at the vendor: poll again later; a webhook promotes the job sooner.
    await job.moveToDelayed(Date.now() + ctx.config.IDV_POLL_INTERVAL_MS, token);
    throw new DelayedError();
  }
  const user = await ctx.directory.get(record.meta.username);
  const decision = decide(result, user, {
    faceMatchThreshold: ctx.config.FACE_MATCH_THRESHOLD, faceMatchReviewBand: ctx.config.FACE_MATCH_REVIEW_BAND, nameMatchMode: ctx.config.NAME_MATCH_MODE,
  });
  const event: RecoveryEvent =
    decision.outcome === 'approved' ? { type: 'VERIFICATION_APPROVED', attempt: data.attempt }
      : decision.outcome === 'review' ? { type: 'VERIFICATION_REVIEW', attempt: data.attempt }
        : { type: 'VERIFICATION_DECLINED', attempt: data.attempt, reason: decision.reason, retryable: decision.retryable };
  // A case for a trusted referee (NIST SP 800-63A-4 §3.1.13): scores and reasons, never images;
  // written atomically with the move to in_review.
  const reviewWrites = decision.outcome === 'review'
    ? openReviewWrites(ctx, reviewCaseFrom({ recoveryId: data.recoveryId, username: record.meta.username, attempt: data.attempt, openedAt: ctx.clock.now() }, result, decision))
    : [];
  const applied = await advance(ctx, data.recoveryId, event, 'worker', () => reviewWrites);
  if (applied.applied) await auditDecision(ctx, data, record.meta.username, result, decision);
  await finishAttempt(ctx, data.recoveryId, data.attempt);
  ctx.logger.info({ recoveryId: data.recoveryId, attempt: data.attempt, provider: data.provider, outcome: decision.outcome,
    reason: decision.outcome === 'declined' ? decision.reason : undefined, reasonCodes: result.reasonCodes }, 'verification decided');
  return decision.outcome;
}

async function vendorResult(ctx: AppContext, data: VerifyJob, attemptsMade: number): Promise<IdvResult | null> {
  const saved = await readVendorState(ctx, data.recoveryId, data.attempt);
  if (saved?.result) return IdvResultSchema.parse(saved.result);
  if (saved) return requireProvider(ctx, saved.provider).fetchResult(saved.vendorRef);
  const name = (await stickyVendor(ctx, data)) ?? chooseProvider(ctx, data, attemptsMade);
  const provider = requireProvider(ctx, name);
  const [selfie, documentFront, documentBack] = await Promise.all([
    ctx.evidence.get(data.evidence.selfie),
    ctx.evidence.get(data.evidence.documentFront),
    data.evidence.documentBack ? ctx.evidence.get(data.evidence.documentBack) : Promise.resolve(undefined),
  ]);
  const outcome = await provider.submit({
    idempotencyKey: `${data.recoveryId}-${data.attempt}`, selfie, documentFront, documentBack,
    callbackUrl: `${ctx.config.WEBHOOK_BASE_URL}/v1/webhooks/${name}`,
  }).catch(async (err: unknown) => {
    // The vendor may have accepted it: from now on this verification only retries there, under
    // the same idempotency key, so the check is never paid for at two vendors.
    if (err instanceof ProviderError && err.delivery === 'unknown') await ctx.redis.set(stickyKey(ctx, data), name, 'PX', RECORD_TTL_MS, 'NX');
    throw err;
  });
  await writeVendorState(ctx, data.recoveryId, data.attempt, { provider: name, vendorRef: outcome.vendorRef, result: outcome.result });
  await appendAudit(ctx, {
    type: 'verification.submitted', recoveryId: data.recoveryId, actor: 'worker',
    data: { attempt: data.attempt, provider: name, primary: data.provider, failover: name !== data.provider, vendorRef: outcome.vendorRef },
  });
  return outcome.result ?? provider.fetchResult(outcome.vendorRef);
}

function stickyKey(ctx: AppContext, data: VerifyJob): string {
  return `${ctx.keys.verification(data.recoveryId, data.attempt)}:sticky`;
}

/** The vendor this verification must stay with, if a submission there may have been accepted. */
async function stickyVendor(ctx: AppContext, data: VerifyJob): Promise<ProviderName | null> {
  return (await ctx.redis.get(stickyKey(ctx, data))) as ProviderName | null;
}

/** Primary, country route and fallbacks, skipping open circuits (resilience/providerChain.ts). */
function chooseProvider(ctx: AppContext, data: VerifyJob, attemptsMade: number): ProviderName {
  const settings = { fallbacks: ctx.config.IDV_FALLBACK_PROVIDERS, routes: ctx.config.IDV_ROUTES, failoverAfter: ctx.config.IDV_FAILOVER_AFTER };
  const chain = providerChain(data.provider, data.documentCountry ?? null, settings).filter((p) => ctx.providers[p]);
  const name = pickProvider(chain, attemptsMade, settings, (p) => ctx.circuits[p]?.state() === 'open');
  if (!name) throw new ProviderError('idv.all_circuits_open', 'every configured vendor is failing; retrying later', true);
  return name;
}

function requireProvider(ctx: AppContext, name: string) {
  const provider = ctx.providers[name as ProviderName];
  if (!provider) throw new ProviderError('idv.provider_not_configured', `${name} is not configured`, false);
  return provider;
}

/** The vendor's verdict with scores and reason codes, and the account-match outcome (never images or claims' values). */
async function auditDecision(ctx: AppContext, data: VerifyJob, username: string, result: IdvResult, decision: Decision): Promise<void> {
  await writeVerdictSummary(ctx, data.recoveryId, { attempt: data.attempt, provider: result.provider, decision: result.decision, reasonCodes: result.reasonCodes });
  await appendAudit(ctx, {
    type: 'verification.verdict', recoveryId: data.recoveryId, username, actor: 'worker',
    data: {
      attempt: data.attempt, provider: result.provider, vendorReference: result.vendorReference, decision: result.decision,
      faceMatch: result.faceMatch, liveness: result.liveness.passed, documentAuthentic: result.document.authentic,
      documentExpired: result.document.expired, reasonCodes: result.reasonCodes,
    },
  });
  if (decision.match) {
    await appendAudit(ctx, {
      type: decision.match.matched ? 'account.matched' : 'account.not_matched', recoveryId: data.recoveryId, username, actor: 'worker',
      data: { attempt: data.attempt, failures: decision.match.failures, mode: ctx.config.NAME_MATCH_MODE },
    });
  }
}
