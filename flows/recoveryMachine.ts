/**
 * The recovery journey as a pure XState v5 machine: no side effects, no timers. Side effects (jobs,
 * S3, access passes) happen in src/ after a transition has been persisted with a version check,
 * and time-outs arrive as events from durable BullMQ delayed jobs, so a recovery survives any
 * process dying and can be advanced by whichever process (API or worker) holds the next event.
 *
 * awaiting_evidence → verifying → (in_review) → access_pass_issued → completed
 * terminal: rejected, expired, failed, completed, verified, evaluated
 *
 * A recovery under an evaluation-mode recovery profile (docs/recovery-profiles.md) runs the same
 * evidence, vendor and match steps, but a verdict that would have issued an access pass (or gone
 * to a reviewer) ends in `evaluated`: a trial, with no access pass and no credential action.
 *
 * A recovery whose purpose is `verification` (identity verification only: the OpenID Provider's
 * OpenID Connect for Identity Assurance flow, docs/oidc.md) runs the same evidence and verdict
 * steps but ends in `verified` on approval: no access pass, no credential, nothing to enroll.
 */
import { assign, setup } from 'xstate';

/**
 * What a recovery is for: `recovery` ends with an access pass and a new credential; `verification`
 * only proves who the person is and ends in `verified`; `remediation` runs exactly the recovery
 * journey (this machine treats it as `recovery`) and, once completed, clears the account's risk
 * (src/risk/remediate.ts, docs/risk.md).
 */
export type RecoveryPurpose = 'recovery' | 'verification' | 'remediation';

/** Why a recovery stopped or went back for new evidence; shown to the user as `reason`. */
export type RecoveryReason =
  | 'account_mismatch'
  | 'face_mismatch'
  | 'liveness_failed'
  | 'document_invalid'
  | 'document_expired'
  | 'document_unreadable'
  | 'verification_declined'
  | 'verification_timeout'
  | 'vendor_unavailable'
  | 'attempts_exhausted'
  | 'review_rejected'
  | 'cancelled'
  | 'recovery_expired'
  | 'access_pass_expired'
  | 'self_service_locked'
  | 'credential_policy_blocked'
  | 'account_disabled'
  | 'document_country_mismatch'
  /** The verified owner's account is covered by no recovery profile (or one that is off): the help desk helps. */
  | 'self_service_not_offered';

export interface RecoveryContext {
  /** Evidence submissions so far; the current verification is number `attempt`. */
  attempt: number;
  maxAttempts: number;
  reason: RecoveryReason | null;
  /** `pending` until the access pass has been shown once; it is minted at that moment. */
  accessPass: 'none' | 'pending' | 'revealed';
  /**
   * When evidence of the current attempt last left for a vendor (ms), or null. A time-out does not
   * close an attempt whose evidence left after the time-out's `sentBefore`: its answer may still come.
   * Absent in snapshots written before it existed, which reads as null.
   */
  sendStartedAt?: number | null;
  /** Absent in snapshots written before it existed, which reads as `recovery`. */
  purpose?: RecoveryPurpose;
}

export type RecoveryEvent =
  | { type: 'EVIDENCE_SUBMITTED' }
  | { type: 'VERIFICATION_APPROVED'; attempt: number }
  | { type: 'VERIFICATION_REVIEW'; attempt: number }
  /** An evaluation profile's verdict that would have approved (or sent to review): the trial ends here. */
  | { type: 'VERIFICATION_EVALUATED'; attempt: number }
  | { type: 'VERIFICATION_DECLINED'; attempt: number; reason: RecoveryReason; retryable: boolean }
  /**
   * Evidence is about to leave for a vendor. Accepted only while the attempt is open, so a worker
   * never pays a vendor for an attempt the time-out has already closed.
   */
  | { type: 'VENDOR_SEND_STARTED'; attempt: number; at: number }
  /**
   * The vendor has answered but the directory cannot be read yet: the decision waits. Like a send,
   * it tells the time-out that an answer is in hand (it is the directory that is late, not the
   * vendor), so the attempt is not closed while a worker keeps waiting.
   */
  | { type: 'DECISION_DEFERRED'; attempt: number; at: number }
  /**
   * No definitive vendor answer (time-out, vendor down after all retries). With `sentBefore`, only
   * if no evidence left for a vendor after that moment (the time-out gives a late send its chance).
   */
  | { type: 'VERIFICATION_UNANSWERED'; attempt: number; reason: 'verification_timeout' | 'vendor_unavailable'; sentBefore?: number }
  | { type: 'REVIEW_APPROVED' }
  /** A reviewer approved, but the credential target refuses the account for good (policy, disabled). */
  | { type: 'CREDENTIAL_REFUSED'; reason: 'credential_policy_blocked' | 'account_disabled' }
  | { type: 'REVIEW_REJECTED' }
  | { type: 'ACCESS_PASS_REVEALED' }
  | { type: 'ENROLLMENT_COMPLETED' }
  | { type: 'ACCESS_PASS_EXPIRED' }
  | { type: 'EXPIRE' }
  | { type: 'CANCEL' };

type AttemptEvent = Extract<RecoveryEvent, { attempt: number }>;
const current = ({ context, event }: { context: RecoveryContext; event: RecoveryEvent }) => (event as AttemptEvent).attempt === context.attempt;
/** No evidence left for a vendor after the event's `sentBefore` (when it names one). */
const noLateSend = ({ context, event }: { context: RecoveryContext; event: RecoveryEvent }) =>
  !(event.type === 'VERIFICATION_UNANSWERED' && event.sentBefore !== undefined && context.sendStartedAt != null && context.sendStartedAt > event.sentBefore);

export const recoveryMachine = setup({
  types: {
    context: {} as RecoveryContext,
    events: {} as RecoveryEvent,
    input: {} as { maxAttempts: number; purpose?: RecoveryPurpose },
  },
  guards: {
    canSubmit: ({ context }) => context.attempt < context.maxAttempts,
    isCurrentAttempt: current,
    retryableWithAttemptsLeft: ({ context, event }) =>
      current({ context, event }) && event.type === 'VERIFICATION_DECLINED' && event.retryable && context.attempt < context.maxAttempts,
    attemptsLeft: ({ context, event }) => current({ context, event }) && noLateSend({ context, event }) && context.attempt < context.maxAttempts,
    isCurrentUnanswered: ({ context, event }) => current({ context, event }) && noLateSend({ context, event }),
    accessPassPending: ({ context }) => context.accessPass === 'pending',
    /** Approval of a verification-only recovery ends at `verified`, never at an access pass. */
    verifyOnly: ({ context }) => context.purpose === 'verification',
    currentVerifyOnly: ({ context, event }) => current({ context, event }) && context.purpose === 'verification',
  },
  actions: {
    startAttempt: assign({ attempt: ({ context }) => context.attempt + 1, reason: null, sendStartedAt: null }),
    recordSend: assign({ sendStartedAt: ({ event }) => (event.type === 'VENDOR_SEND_STARTED' || event.type === 'DECISION_DEFERRED' ? event.at : null) }),
    recordReason: assign({
      reason: ({ event }) => ('reason' in event ? event.reason : null),
    }),
    exhausted: assign({ reason: 'attempts_exhausted' as const }),
    issueAccessPass: assign({ accessPass: 'pending' as const, reason: null }),
  },
}).createMachine({
  id: 'recovery',
  context: ({ input }) => ({
    attempt: 0,
    maxAttempts: input.maxAttempts,
    reason: null,
    accessPass: 'none',
    sendStartedAt: null,
    purpose: input.purpose ?? 'recovery',
  }),
  initial: 'awaiting_evidence',
  states: {
    awaiting_evidence: {
      on: {
        EVIDENCE_SUBMITTED: { guard: 'canSubmit', target: 'verifying', actions: 'startAttempt' },
        EXPIRE: { target: 'expired', actions: assign({ reason: 'recovery_expired' as const }) },
        CANCEL: { target: 'rejected', actions: assign({ reason: 'cancelled' as const }) },
      },
    },
    verifying: {
      on: {
        VERIFICATION_APPROVED: [
          { guard: 'currentVerifyOnly', target: 'verified', actions: assign({ reason: null }) },
          { guard: 'isCurrentAttempt', target: 'access_pass_issued', actions: 'issueAccessPass' },
        ],
        VERIFICATION_REVIEW: { guard: 'isCurrentAttempt', target: 'in_review' },
        VERIFICATION_EVALUATED: { guard: 'isCurrentAttempt', target: 'evaluated', actions: assign({ reason: null }) },
        VERIFICATION_DECLINED: [
          { guard: 'retryableWithAttemptsLeft', target: 'awaiting_evidence', actions: 'recordReason' },
          { guard: 'isCurrentAttempt', target: 'rejected', actions: 'recordReason' },
        ],
        VENDOR_SEND_STARTED: { guard: 'isCurrentAttempt', actions: 'recordSend' },
        DECISION_DEFERRED: { guard: 'isCurrentAttempt', actions: 'recordSend' },
        VERIFICATION_UNANSWERED: [
          { guard: 'attemptsLeft', target: 'awaiting_evidence', actions: 'recordReason' },
          { guard: 'isCurrentUnanswered', target: 'failed', actions: 'recordReason' },
        ],
        EXPIRE: { target: 'expired', actions: assign({ reason: 'recovery_expired' as const }) },
        CANCEL: { target: 'rejected', actions: assign({ reason: 'cancelled' as const }) },
      },
    },
    in_review: {
      on: {
        REVIEW_APPROVED: [
          { guard: 'verifyOnly', target: 'verified', actions: assign({ reason: null }) },
          { target: 'access_pass_issued', actions: 'issueAccessPass' },
        ],
        REVIEW_REJECTED: { target: 'rejected', actions: assign({ reason: 'review_rejected' as const }) },
        CREDENTIAL_REFUSED: { target: 'rejected', actions: 'recordReason' },
        EXPIRE: { target: 'expired', actions: assign({ reason: 'recovery_expired' as const }) },
        CANCEL: { target: 'rejected', actions: assign({ reason: 'cancelled' as const }) },
      },
    },
    access_pass_issued: {
      on: {
        ACCESS_PASS_REVEALED: { guard: 'accessPassPending', actions: assign({ accessPass: 'revealed' as const }) },
        ENROLLMENT_COMPLETED: { target: 'completed' },
        ACCESS_PASS_EXPIRED: { target: 'expired', actions: assign({ reason: 'access_pass_expired' as const }) },
        CANCEL: { target: 'rejected', actions: assign({ reason: 'cancelled' as const }) },
      },
    },
    completed: { type: 'final' },
    verified: { type: 'final' },
    evaluated: { type: 'final' },
    rejected: { type: 'final' },
    expired: { type: 'final' },
    failed: { type: 'final' },
  },
});

export const recoveryStatuses = [
  'awaiting_evidence',
  'verifying',
  'in_review',
  'access_pass_issued',
  'completed',
  'verified',
  'evaluated',
  'rejected',
  'expired',
  'failed',
] as const;
export type RecoveryStatus = (typeof recoveryStatuses)[number];

export const finalStatuses: ReadonlySet<RecoveryStatus> = new Set(['completed', 'verified', 'evaluated', 'rejected', 'expired', 'failed']);
