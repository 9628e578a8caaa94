/**
 * An Entra user, with its transitive groups, in the directory contract's shape. Read fail-closed:
 * an account whose `accountEnabled` is not explicitly true counts as disabled.
 */
import { z } from 'zod';
import { DirectoryAccountSchema, DirectoryConfigError, type DirectoryAccount } from '../directory';
import type { GraphGroup, GraphUser } from './graphSchemas';

/** The user properties every lookup selects; the birth-date attribute is added when configured. */
export const ACCOUNT_PROPERTIES = [
  'id',
  'userPrincipalName',
  'givenName',
  'surname',
  'displayName',
  'mail',
  'otherMails',
  'employeeId',
  'accountEnabled',
  'onPremisesSamAccountName',
] as const;

const IsoDate = z.iso.date();

/**
 * A birth date as Entra may hold it: `YYYY-MM-DD` (a String schema extension) or a DateTimeOffset
 * (`1990-01-15T00:00:00Z`: `birthday`, DateTime extensions). A birthday is a calendar date, so the
 * date as written is kept, whatever the offset. Anything else is treated as absent.
 */
export function birthDateOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const date = /^(\d{4}-\d{2}-\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?$/.exec(value.trim())?.[1];
  return IsoDate.safeParse(date).success ? date : undefined;
}

/** `mail` then `otherMails`, each address once (compared case-insensitively). */
function emailsOf(user: GraphUser): string[] {
  const seen = new Set<string>();
  return [user.mail, ...(user.otherMails ?? [])]
    .filter((m): m is string => {
      if (typeof m !== 'string' || m.trim() === '' || seen.has(m.trim().toLowerCase())) return false;
      seen.add(m.trim().toLowerCase());
      return true;
    })
    .map((m) => m.trim())
    .slice(0, 20);
}

/**
 * Null for an account without a UPN, given name or surname: it cannot be compared with an
 * identity document, so for recovery it is as if it did not exist.
 */
export function toDirectoryAccount(user: GraphUser, groups: GraphGroup[], birthDateAttribute?: string): DirectoryAccount | null {
  const { userPrincipalName, givenName, surname } = user;
  if (!userPrincipalName || !givenName?.trim() || !surname?.trim()) return null;
  const groupNames = [...new Set(groups.map((g) => g.displayName).filter((n): n is string => !!n))].sort();
  if (groupNames.length > 1000) {
    // Dropping some would silently change which passkey profile applies: refuse instead.
    throw new DirectoryConfigError(`Account ${user.id} is in ${groupNames.length} groups; the directory contract carries at most 1000.`);
  }
  const account = {
    id: user.id,
    username: userPrincipalName,
    givenName: givenName.trim(),
    familyName: surname.trim(),
    birthDate: birthDateAttribute === undefined ? undefined : birthDateOf(user[birthDateAttribute]),
    employeeId: user.employeeId?.trim() || undefined,
    groups: groupNames,
    emails: emailsOf(user),
    disabled: user.accountEnabled !== true,
  };
  const parsed = DirectoryAccountSchema.safeParse(account);
  if (!parsed.success) throw new DirectoryConfigError(`Account ${user.id} does not fit the directory contract: ${parsed.error.message}`);
  return parsed.data;
}
