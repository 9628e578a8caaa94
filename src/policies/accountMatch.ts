/**
 * Account matching: do the verified document claims describe the directory account being recovered?
 *
 * Users complain about names that differ only by case, accents or a middle name (anchors.md), so
 * names are folded (NFKD, diacritics removed, lower case, punctuation as spaces) before comparing.
 * - exact: folded directory name == folded document name, for given and family name.
 * - relaxed (Entra's "Relaxed"): every word of the directory name appears among the words of the
 *   document's name (extra middle names, second surnames tolerated).
 * The birth date must be equal whenever the directory has one.
 */
import type { ExtractedClaims } from '../../providers/contract';
import type { DirectoryUser } from '../stores/directoryStore';

export type NameMatchMode = 'exact' | 'relaxed';

export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

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
  failures: Array<'no_account' | 'given_name' | 'family_name' | 'birth_date'>;
}

export function matchAccount(user: DirectoryUser | null, claims: ExtractedClaims, mode: NameMatchMode): AccountMatch {
  if (!user || user.disabled) return { matched: false, failures: ['no_account'] };
  const failures: AccountMatch['failures'] = [];
  if (!namesMatch(user.givenName, claims.givenName, mode)) failures.push('given_name');
  if (!namesMatch(user.familyName, claims.familyName, mode)) failures.push('family_name');
  if (user.birthDate && user.birthDate !== claims.birthDate) failures.push('birth_date');
  return { matched: failures.length === 0, failures };
}
