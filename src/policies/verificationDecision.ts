/**
 * Turns a vendor verdict plus the account match into the next step of the recovery. A flat
 * checklist with early exits: the first failing check names the reason.
 *
 * Retryable reasons are capture problems the claimant can fix with new photos; the others are
 * definitive (an impostor's face, a spoof, a forged or someone else's document).
 */
import type { IdvResult } from '../../providers/contract';
import type { RecoveryReason } from '../../flows/recoveryMachine';
import type { DirectoryUser } from '../stores/directoryStore';
import { matchAccount, type AccountMatch, type NameMatchMode } from './accountMatch';

export type Decision =
  | { outcome: 'approved'; match: AccountMatch }
  | { outcome: 'review'; match: AccountMatch }
  | { outcome: 'declined'; reason: RecoveryReason; retryable: boolean; match: AccountMatch | null };

export interface DecisionPolicy {
  /** 50..100 on the Entra Face Check scale; applied when the vendor reports a numeric score. */
  faceMatchThreshold: number;
  nameMatchMode: NameMatchMode;
}

export function decide(result: IdvResult, user: DirectoryUser | null, policy: DecisionPolicy): Decision {
  const declined = (reason: RecoveryReason, retryable: boolean): Decision => ({ outcome: 'declined', reason, retryable, match: null });
  if (!result.liveness.passed) return declined('liveness_failed', false);
  if (!result.claims) return declined('document_unreadable', true);
  if (!result.document.authentic) return declined('document_invalid', false);
  if (result.document.expired) return declined('document_expired', true);
  const score = result.faceMatch.score;
  if (!result.faceMatch.passed || (score !== null && score < policy.faceMatchThreshold)) return declined('face_mismatch', false);
  if (result.decision === 'declined') return declined('verification_declined', true);
  const match = matchAccount(user, result.claims, policy.nameMatchMode);
  if (!match.matched) return { outcome: 'declined', reason: 'account_mismatch', retryable: false, match };
  if (result.decision === 'review') return { outcome: 'review', match };
  return { outcome: 'approved', match };
}
