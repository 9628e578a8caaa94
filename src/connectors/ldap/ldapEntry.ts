/**
 * LDAP entries into directory accounts. ldapts returns one value as a string, several as an
 * array and a requested-but-absent attribute as `[]`, so every attribute is read as a list.
 */
import type { Entry } from 'ldapts';
import type { DirectoryAccount } from '../directory';
import type { LdapSettings } from './ldapSettings';

/** ACCOUNTDISABLE in userAccountControl (MS-ADTS §2.2.16). */
export const UF_ACCOUNTDISABLE = 0x2;
/** pwdAccountLockedTime of an account an administrator has locked. */
export const ADMIN_LOCK = '000001010000Z';

export function values(entry: Entry, attribute: string): string[] {
  // Attribute names are case-insensitive (RFC 4512 §2.5); servers answer in their own case.
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const raw = key === undefined ? [] : entry[key];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))).filter((v) => v.length > 0);
}

const first = (entry: Entry, attribute: string): string | undefined => values(entry, attribute)[0];

/** The attributes every account read asks for: operational ones (entryUUID, memberOf, pwdAccountLockedTime) only come when named. */
export function accountAttributes(settings: LdapSettings): string[] {
  const a = settings.attributes;
  return [
    a.username,
    'givenName',
    'sn',
    'cn',
    'mail',
    a.employeeId,
    ...(a.birthDate ? [a.birthDate] : []),
    ...a.ids,
    settings.disabledBy === 'uac' ? 'userAccountControl' : 'pwdAccountLockedTime',
  ];
}

/** The binary AD objectGUID, in its usual text form; text ids as they are. */
function idOf(entry: Entry, settings: LdapSettings): string {
  for (const attribute of settings.attributes.ids) {
    const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
    const raw = key === undefined ? undefined : entry[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (Buffer.isBuffer(value) && value.length === 16) return guidText(value);
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return entry.dn;
}

/** objectGUID bytes are little-endian in their first three fields (MS-DTYP §2.3.4). */
function guidText(b: Buffer): string {
  const hex = (bytes: Buffer) => bytes.toString('hex');
  const rev = (start: number, end: number) => hex(Buffer.from(b.subarray(start, end)).reverse());
  return `${rev(0, 4)}-${rev(4, 6)}-${rev(6, 8)}-${hex(b.subarray(8, 10))}-${hex(b.subarray(10, 16))}`;
}

/** `YYYY-MM-DD`, or generalized time (`YYYYMMDDHHMMSS[.f]Z`, RFC 4517 §3.3.13) as AD and many HR feeds store dates. */
export function birthDateOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const generalized = /^(\d{4})(\d{2})(\d{2})\d{0,6}(?:[.,]\d+)?(?:Z|[+-]\d{4})?$/.exec(value);
  const m = iso ?? generalized;
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  // A date that does not exist (2023-02-30) is no birth date.
  return new Date(`${date}T00:00:00Z`).toISOString().startsWith(date) ? date : undefined;
}

function disabled(entry: Entry, settings: LdapSettings): boolean {
  if (settings.disabledBy === 'uac') return (Number(first(entry, 'userAccountControl') ?? 0) & UF_ACCOUNTDISABLE) !== 0;
  // ppolicy (draft-behera-ldap-password-policy §5.3.3): 000001010000Z is an administrator's lock,
  // permanent until lifted. Any other time is a lock-out after failed password attempts, which
  // ends on its own: exactly the person who may need a recovery, so it is not "disabled".
  return values(entry, 'pwdAccountLockedTime').includes(ADMIN_LOCK);
}

/** The account, or null when a required name is missing (such an entry is not a person we can match). */
export function toAccount(entry: Entry, settings: LdapSettings, groups: string[]): DirectoryAccount | null {
  const username = first(entry, settings.attributes.username);
  const familyName = first(entry, 'sn');
  const givenName = first(entry, 'givenName');
  if (!username || !givenName || !familyName) return null;
  const employeeId = first(entry, settings.attributes.employeeId);
  const birthDate = birthDateOf(settings.attributes.birthDate ? first(entry, settings.attributes.birthDate) : undefined);
  return {
    id: idOf(entry, settings),
    username,
    givenName,
    familyName,
    ...(birthDate ? { birthDate } : {}),
    ...(employeeId ? { employeeId } : {}),
    groups,
    emails: [...new Set(values(entry, 'mail'))].slice(0, 20),
    disabled: disabled(entry, settings),
  };
}
