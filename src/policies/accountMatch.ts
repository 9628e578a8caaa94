/**
 * Account matching: do the verified document claims describe the directory account being recovered?
 *
 * Users complain about names that differ only by case, accents or a middle name (docs/references.md, "Product anchors"), so
 * names are folded (NFKD, diacritics removed, lower case, punctuation as spaces) before comparing.
 * - exact: folded directory name == folded document name, for given and family name.
 * - relaxed (Entra's "Relaxed"): every word of the directory name appears among the words of the
 *   document's name (extra middle names, second surnames tolerated).
 * Names are never enough (two people share a name more often than not in a large organisation):
 * at least one strong attribute the directory holds (birth date, ID document number) must match
 * too, and every one it holds must. The employee ID is the one strong attribute the claimant types
 * rather than the document carries: given and equal to the directory's, it counts; given and
 * different, it fails (`employee_id`); not given (or not held), it neither counts nor fails. A
 * deployment whose directory holds neither birth date nor document number may opt in to
 * name-only matching (ALLOW_NAME_ONLY_MATCH); nothing else turns this off. Same-name accounts are
 * the caller's to check (verificationDecision.ts sends an ambiguity to a person).
 */
import type { ExtractedClaims } from '../../providers/contract';
import type { MatchableAccount } from '../connectors/directory';
import { foldName } from '../text/foldName';

export type NameMatchMode = 'exact' | 'relaxed';

export { foldName };

function words(name: string): string[] {
  return foldName(name).split(' ').filter(Boolean);
}

function namesMatch(directory: string, document: string, mode: NameMatchMode): boolean {
  if (mode === 'exact') return foldName(directory) === foldName(document);
  const documentWords = new Set(words(document));
  const wanted = words(directory);
  return wanted.length > 0 && wanted.every((w) => documentWords.has(w));
}

export interface AccountMatch {
  matched: boolean;
  /** Which checks failed, for the audit trail (never shown to the claimant). */
  failures: Array<
    | 'no_account'
    | 'given_name'
    | 'family_name'
    | 'birth_date'
    | 'document_number'
    | 'employee_id'
    | 'no_strong_attribute'
    /** A claim-validation hook answered fail (workers/claimCheck.ts): the deployment's own check. */
    | 'claim_hook'
  >;
}

/** What the claimant typed, not what the document says: unverified until compared with the directory. */
export interface ClaimantAttributes {
  employeeId?: string | null;
}

export interface MatchPolicy {
  mode: NameMatchMode;
  /** Accept a match on names alone when the directory holds no strong attribute (explicit opt-in). */
  allowNameOnly: boolean;
  /**
   * Strong attributes a recovery profile requires (docs/recovery-profiles.md): each must be held by
   * the directory and match; the employee ID must also have been typed. Default: none.
   */
  required?: ReadonlyArray<'birthDate' | 'documentNumber' | 'employeeId'>;
}

/** Document numbers as printed vary in spacing and dashes ("AB 123-456"); compare letters and digits, upper case. */
function foldDocumentNumber(value: string): string {
  return value
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Employee IDs are compared after trimming and case folding only: HR numbers ("e1001" vs "E1001")
 * differ in case as typed, but a dash or a digit is part of the number. Upper-then-lower casing
 * approximates Unicode full case folding (The Unicode Standard, §3.13), e.g. "ß" and "SS".
 */
function foldEmployeeId(value: string): string {
  return value.trim().toUpperCase().toLowerCase();
}

export function matchAccount(user: MatchableAccount | null, claims: ExtractedClaims, policy: MatchPolicy, claimant: ClaimantAttributes = {}): AccountMatch {
  if (!user || user.disabled) return { matched: false, failures: ['no_account'] };
  const failures: AccountMatch['failures'] = [];
  if (!namesMatch(user.givenName, claims.givenName, policy.mode)) failures.push('given_name');
  if (!namesMatch(user.familyName, claims.familyName, policy.mode)) failures.push('family_name');
  let strong = 0;
  if (user.birthDate) {
    if (user.birthDate === claims.birthDate) strong += 1;
    else failures.push('birth_date');
  }
  if (user.documentNumber) {
    if (claims.documentNumber && foldDocumentNumber(user.documentNumber) === foldDocumentNumber(claims.documentNumber)) strong += 1;
    else failures.push('document_number');
  }
  const typed = claimant.employeeId?.trim();
  if (typed && user.employeeId) {
    if (foldEmployeeId(user.employeeId) === foldEmployeeId(typed)) strong += 1;
    else failures.push('employee_id');
  }
  if (strong === 0 && !user.birthDate && !user.documentNumber && !policy.allowNameOnly) failures.push('no_strong_attribute');
  const required = policy.required ?? [];
  // Held and matching counted above; a required attribute the directory lacks (or the claimant did not type) fails too.
  if (required.includes('birthDate') && !user.birthDate) failures.push('birth_date');
  if (required.includes('documentNumber') && !user.documentNumber) failures.push('document_number');
  if (required.includes('employeeId') && (!typed || !user.employeeId) && !failures.includes('employee_id')) failures.push('employee_id');
  return { matched: failures.length === 0, failures };
}
