/**
 * What a recovery profile's mode makes of a verdict (docs/recovery-profiles.md), after the vendor,
 * the account match and the claim hooks have all had their say:
 * - `production`: the verdict stands.
 * - `evaluation`: a verdict that would have approved (or gone to a reviewer) ends the trial in
 *   `evaluated`; no access pass, no credential action, no review case. Declines stand: a failed
 *   trial is a failure, and counts towards lockouts like any other.
 * - `off`, or no profile: the verified owner is told self-service is not offered here
 *   (`self_service_not_offered`). Anyone else has already been declined (a stranger's document
 *   does not match the account), exactly as for an account that does not exist, so the refusal
 *   tells nobody but the owner that the account exists or which profile covers it.
 */
import type { AppContext } from '../context';
import type { Decision } from '../policies/verificationDecision';
import type { ClaimHookList } from '../claimHooks/hookConfig';
import type { RecoveryMode } from '../recoveryProfiles/profileSchema';
import type { EffectivePolicy } from '../recoveryProfiles/effectivePolicy';
import type { ResolvedProfile, RiskCheck } from '../recoveryProfiles/resolveProfile';
import type { SideWrite } from '../stores/recoveryStore';
import { auditSideWrite } from '../audit/auditLog';
import type { VerifyJob } from './queues';
import { accountRisk } from '../risk/riskState';

type Passing = Exclude<Decision, { outcome: 'declined' }>;

export type ModeDecision = Decision | { outcome: 'evaluated'; verdict: Passing };

export function applyMode(decision: Decision, mode: RecoveryMode): ModeDecision {
  if (decision.outcome === 'declined' || mode === 'production') return decision;
  if (mode === 'evaluation') return { outcome: 'evaluated', verdict: decision };
  return {
    outcome: 'declined',
    reason: 'self_service_not_offered',
    retryable: false,
    match: decision.match,
    ...(decision.documentCountry ? { documentCountry: decision.documentCountry } : {}),
  };
}

/** The verdict as the vendor, match and hooks gave it, before the mode had its say. */
export function verdictOf(decision: ModeDecision): Decision {
  return decision.outcome === 'evaluated' ? decision.verdict : decision;
}

/** The trial's result for the audit trail (and the funnel): what production would have done. */
export function evaluationWrites(ctx: AppContext, data: VerifyJob, username: string, profile: ResolvedProfile, decision: ModeDecision): SideWrite[] {
  if (decision.outcome !== 'evaluated') return [];
  const v = decision.verdict;
  return [
    auditSideWrite(ctx, {
      type: 'recovery.evaluated',
      recoveryId: data.recoveryId,
      username,
      actor: 'worker',
      data: { attempt: data.attempt, profile: profile.applied.profile, wouldHave: v.outcome, ...(v.outcome === 'review' ? { grounds: v.grounds } : {}) },
    }),
  ];
}

/** The profile's claim hooks, by name and in its order; every hook of the deployment when it names none. */
export function hooksOf(ctx: AppContext, rules: EffectivePolicy): ClaimHookList {
  if (!rules.claimHooks) return ctx.claimHooks;
  const byName = new Map(ctx.claimHooks.hooks.map((h) => [h.name, h]));
  return { ...ctx.claimHooks, hooks: rules.claimHooks.flatMap((name) => byName.get(name) ?? []) };
}

/**
 * A risky account (docs/risk.md: flagged by an admin, by the IdP, or by this service's own
 * signals) is never served by an evaluation profile. The IdP's answer is read here, in the worker.
 */
export const isRiskyAccount: RiskCheck = async (ctx, username, account) => (await accountRisk(ctx, username, account)).risky;
