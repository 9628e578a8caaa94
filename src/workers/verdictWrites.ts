/**
 * The audit entries and help-desk summary of a verification's verdict, written as side writes of
 * the state change that applies it, so they exist exactly when the verdict was applied.
 */
import type { AppContext } from '../context';
import type { IdvResult } from '../../providers/contract';
import type { Decision } from '../policies/verificationDecision';
import { verdictSummaryWrite } from '../recovery/verificationRecord';
import type { SideWrite } from '../stores/recoveryStore';
import { auditSideWrite } from '../audit/auditLog';
import type { VerifyJob } from './queues';

/**
 * The verdict summary for help desk, the vendor's verdict with scores and reason codes, and the
 * account-match outcome (never images or claims' values), after the transition's own audit entry.
 */
export function verdictWrites(
  ctx: AppContext,
  data: VerifyJob,
  username: string,
  result: IdvResult,
  decision: Decision,
  nameMatchMode: string = ctx.config.NAME_MATCH_MODE,
): SideWrite[] {
  const writes = [
    verdictSummaryWrite(ctx, data.recoveryId, { attempt: data.attempt, provider: result.provider, decision: result.decision, reasonCodes: result.reasonCodes }),
    auditSideWrite(ctx, {
      type: 'verification.verdict',
      recoveryId: data.recoveryId,
      username,
      actor: 'worker',
      data: {
        attempt: data.attempt,
        provider: result.provider,
        vendorReference: result.vendorReference,
        decision: result.decision,
        faceMatch: result.faceMatch,
        liveness: result.liveness.passed,
        documentAuthentic: result.document.authentic,
        documentExpired: result.document.expired,
        reasonCodes: result.reasonCodes,
        // Declared (it chose the vendor route) and read issuing country: a country code, not a claim's value.
        ...(decision.documentCountry ? { documentCountry: decision.documentCountry } : {}),
      },
    }),
  ];
  if (decision.match) {
    writes.push(
      auditSideWrite(ctx, {
        type: decision.match.matched ? 'account.matched' : 'account.not_matched',
        recoveryId: data.recoveryId,
        username,
        actor: 'worker',
        data: { attempt: data.attempt, failures: decision.match.failures, mode: nameMatchMode },
      }),
    );
  }
  return writes;
}
