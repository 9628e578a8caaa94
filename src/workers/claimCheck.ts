/**
 * The claim-validation step of a verification (docs/claim-hooks.md): after the vendor approved and
 * the directory account matched, before any credential exists, the deployment's hooks see the
 * verified claims next to the directory record. A `fail` turns the decision into
 * `account_mismatch` (the deployment's own matching said no), with the hook's reason code in the
 * audit trail. A hook that cannot answer under `deny` leaves the attempt unverified: the recovery
 * reports `vendor_unavailable` to the claimant (a service it depends on is down: true, and "try
 * again later" is the right advice), never a mismatch, and never an approval.
 */
import type { AppContext } from '../context';
import type { IdvResult } from '../../providers/contract';
import type { DirectoryAccount } from '../connectors/directory';
import type { Decision } from '../policies/verificationDecision';
import type { SideWrite } from '../stores/recoveryStore';
import { appendAudit, auditSideWrite } from '../audit/auditLog';
import { runClaimHooks, type ClaimCheck, type HookCall } from '../claimHooks/runClaimHooks';
import type { ClaimHookList } from '../claimHooks/hookConfig';
import type { VerifyJob } from './queues';

export interface CheckedDecision {
  decision: Decision;
  /** A `deny` hook gave no usable answer: the attempt ends unverified. */
  unavailable: boolean;
  /** The check's summary entry, written with the transition that applies it. */
  writes: SideWrite[];
}

/** `list`: the deployment's hooks today; a recovery profile's own list once profiles exist. */
export async function checkClaims(
  ctx: AppContext,
  data: VerifyJob,
  result: IdvResult,
  user: DirectoryAccount | null,
  username: string,
  decision: Decision,
  list: ClaimHookList = ctx.claimHooks,
): Promise<CheckedDecision> {
  const unchanged = { decision, unavailable: false, writes: [] };
  // Only an account that matched is worth asking about: anything else is declined already.
  if (list.hooks.length === 0 || decision.outcome === 'declined' || !decision.match?.matched || !user || !result.claims) return unchanged;
  const subject = { recoveryId: data.recoveryId, attempt: data.attempt, claims: result.claims, account: user };
  const check = await runClaimHooks(list, subject, {
    now: () => ctx.clock.now(),
    tokens: ctx.hookTokens,
    onCall: (call) => recordCall(ctx, data, username, call),
  });
  const writes = [
    auditSideWrite(ctx, {
      type: 'claim_check.decided',
      recoveryId: data.recoveryId,
      username,
      actor: 'worker',
      data: { attempt: data.attempt, ...summary(check) },
    }),
  ];
  if (check.result === 'pass') return { ...unchanged, writes };
  // Declined here too, so that no step after this one (an Entra pass, a review case) acts on an approval.
  if (check.result === 'unavailable') {
    return {
      decision: { outcome: 'declined', reason: 'vendor_unavailable', retryable: true, match: decision.match, ...withCountry(decision) },
      unavailable: true,
      writes,
    };
  }
  return {
    decision: {
      outcome: 'declined',
      reason: 'account_mismatch',
      retryable: false,
      match: { matched: false, failures: ['claim_hook'] },
      ...withCountry(decision),
    },
    unavailable: false,
    writes,
  };
}

function withCountry(decision: Decision) {
  return decision.documentCountry ? { documentCountry: decision.documentCountry } : {};
}

/** `claim_check_unavailable` names the audit reason of a deny; the claimant's reason stays vendor_unavailable. */
function summary(check: ClaimCheck): Record<string, unknown> {
  if (check.result === 'pass') return { result: 'pass' };
  if (check.result === 'fail') return { result: 'fail', hook: check.hook, reasonCode: check.reasonCode, failedClaims: check.failedClaims };
  return { result: 'unavailable', reason: 'claim_check_unavailable', hook: check.hook, error: check.error };
}

/**
 * Every call is on the trail as it happened, whatever the recovery does next: hook, outcome,
 * status, tries, duration, and for a fail the reason code and the names of the failed claims,
 * never a claim's value.
 */
async function recordCall(ctx: AppContext, data: VerifyJob, username: string, call: HookCall): Promise<void> {
  const o = call.outcome;
  const label = o.kind === 'error' ? o.error : o.kind;
  ctx.metrics.claimHookDuration.observe({ hook: call.hook, outcome: label }, o.durationMs / 1000);
  await appendAudit(ctx, {
    type: 'claim_hook.called',
    recoveryId: data.recoveryId,
    username,
    actor: 'worker',
    data: {
      attempt: data.attempt,
      hook: call.hook,
      requestId: call.requestId,
      outcome: label,
      effect: call.effect,
      status: o.status,
      tries: o.tries,
      durationMs: o.durationMs,
      ...(o.kind === 'fail' ? { reasonCode: o.reasonCode, failedClaims: o.failedClaims } : {}),
    },
  });
}
