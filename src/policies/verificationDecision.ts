/**
 * Turns a vendor verdict plus the account match into the next step of the recovery. A flat
 * checklist with early exits: the first failing check names the reason.
 *
 * Retryable reasons are capture problems the claimant can fix with new photos; the others are
 * definitive (an impostor's face, a spoof, a forged or someone else's document).
 *
 * A person decides (NIST SP 800-63A-4 §3.1.13 trusted referee) when the vendor itself asks for
 * review, or when the face score passed but sits in the grey zone just above the threshold:
 * [faceMatchThreshold, faceMatchThreshold + faceMatchReviewBand). Both only after the account
 * matched: a verified stranger is declined, never sent to a reviewer.
 *
 * The claimant's declared document country chose the vendor route (IDV_ROUTES). A verdict from a
 * route the document does not belong to does not count: when the vendor read another issuing
 * country the attempt is declined (`document_country_mismatch`, retryable: the claimant may try
 * again declaring the document's real country, which routes it right). When the vendor read no
 * country, the route cannot be confirmed and a person decides (`document_country_unread`).
 */
import type { IdvResult } from '../../providers/contract';
import type { RecoveryReason } from '../../flows/recoveryMachine';
import type { MatchableAccount } from '../connectors/directory';
import { matchAccount, type AccountMatch, type NameMatchMode } from './accountMatch';

export type ReviewGround = 'vendor_review' | 'face_score_grey_zone' | 'same_name_ambiguous' | 'document_country_unread';

/** The declared document country next to the one the vendor read (ISO 3166-1 alpha-3), for the audit trail. */
export interface CountryCheck {
  declared: string;
  read: string | null;
}

export type Decision =
  | { outcome: 'approved'; match: AccountMatch | null; documentCountry?: CountryCheck }
  | { outcome: 'review'; match: AccountMatch | null; grounds: ReviewGround[]; documentCountry?: CountryCheck }
  | { outcome: 'declined'; reason: RecoveryReason; retryable: boolean; match: AccountMatch | null; documentCountry?: CountryCheck };

/** What the claimant declared, unverified: the document's country (routing) and their employee ID (matching). */
export interface Declarations {
  documentCountry?: string | null;
  employeeId?: string | null;
}

export interface DecisionPolicy {
  /** 50..100 on the Entra Face Check scale; applied when the vendor reports a numeric score. */
  faceMatchThreshold: number;
  /** Width of the grey zone above the threshold that goes to a person (FACE_MATCH_REVIEW_BAND); default 0 = none. */
  faceMatchReviewBand?: number;
  nameMatchMode: NameMatchMode;
  /** ALLOW_NAME_ONLY_MATCH: see accountMatch.ts. */
  allowNameOnlyMatch?: boolean;
  /** Strong attributes the recovery profile requires (accountMatch.ts). */
  requiredAttributes?: ReadonlyArray<'birthDate' | 'documentNumber' | 'employeeId'>;
  /**
   * False for an identity verification that names no account (the OpenID Provider's pseudonymous
   * verification, recovery/startVerification.ts): the document and face checks decide alone, and
   * the decision carries no match. Default true: a recovery always matches its account.
   */
  accountMatch?: boolean;
}

/**
 * `others`: the directory's other accounts with the same name (folded). If the verified claims
 * match one of them as well, the service cannot tell which account is the person's: a person
 * decides, never the first match.
 */
export function decide(
  result: IdvResult,
  user: MatchableAccount | null,
  policy: DecisionPolicy,
  others: readonly MatchableAccount[] = [],
  claimant: Declarations = {},
): Decision {
  const declined = (reason: RecoveryReason, retryable: boolean): Decision => ({ outcome: 'declined', reason, retryable, match: null });
  if (!result.liveness.passed) return declined('liveness_failed', false);
  if (!result.claims) return declined('document_unreadable', true);
  if (!result.document.authentic) return declined('document_invalid', false);
  if (result.document.expired) return declined('document_expired', true);
  const score = result.faceMatch.score;
  if (!result.faceMatch.passed || (score !== null && score < policy.faceMatchThreshold)) return declined('face_mismatch', false);
  if (result.decision === 'declined') return declined('verification_declined', true);
  const country = claimant.documentCountry ? { declared: claimant.documentCountry, read: result.claims.issuingCountry } : undefined;
  const withCountry = country ? { documentCountry: country } : {};
  if (country && country.read !== null && country.read !== country.declared) {
    return { outcome: 'declined', reason: 'document_country_mismatch', retryable: true, match: null, ...withCountry };
  }
  if (policy.accountMatch === false) {
    const grounds: ReviewGround[] = [];
    if (result.decision === 'review') grounds.push('vendor_review');
    if (score !== null && score < policy.faceMatchThreshold + (policy.faceMatchReviewBand ?? 0)) grounds.push('face_score_grey_zone');
    if (country && country.read === null) grounds.push('document_country_unread');
    return grounds.length > 0 ? { outcome: 'review', match: null, grounds, ...withCountry } : { outcome: 'approved', match: null, ...withCountry };
  }
  const matchPolicy = { mode: policy.nameMatchMode, allowNameOnly: policy.allowNameOnlyMatch ?? false, required: policy.requiredAttributes ?? [] };
  const typed = { employeeId: claimant.employeeId ?? null };
  const match = matchAccount(user, result.claims, matchPolicy, typed);
  // The verified person is the holder of an account the directory has disabled: say so, for the
  // help desk (the claimant has just proven who they are; anyone else gets account_mismatch).
  if (user?.disabled && matchAccount({ ...user, disabled: false }, result.claims, matchPolicy, typed).matched) {
    return { outcome: 'declined', reason: 'account_disabled', retryable: false, match, ...withCountry };
  }
  if (!match.matched) return { outcome: 'declined', reason: 'account_mismatch', retryable: false, match, ...withCountry };
  const claims = result.claims;
  const grounds: ReviewGround[] = [];
  if (others.some((o) => o.username !== user?.username && matchAccount(o, claims, matchPolicy, typed).matched)) grounds.push('same_name_ambiguous');
  if (result.decision === 'review') grounds.push('vendor_review');
  if (score !== null && score < policy.faceMatchThreshold + (policy.faceMatchReviewBand ?? 0)) grounds.push('face_score_grey_zone');
  if (country && country.read === null) grounds.push('document_country_unread');
  if (grounds.length > 0) return { outcome: 'review', match, grounds, ...withCountry };
  return { outcome: 'approved', match, ...withCountry };
}
