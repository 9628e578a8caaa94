/**
 * Directory content for the private slapd (slapdChild.ts), in either attribute shape:
 *
 * - `openldap`: inetOrgPerson + recoveryPerson under ou=people (RDN uid), groupOfNames under
 *   ou=groups, birthDate `YYYY-MM-DD`, disabled = `pwdAccountLockedTime: 000001010000Z` (the
 *   ppolicy value for "locked by the administrator until unlocked").
 * - `ad`: AD-lite `user` under ou=users (RDN cn, as AD names users by display name), `group` under
 *   ou=groups, sAMAccountName/userPrincipalName/employeeID, birthDate `YYYYMMDD000000.0Z`,
 *   disabled = userAccountControl 514 (NORMAL_ACCOUNT 512 | ACCOUNTDISABLE 0x2).
 *
 * People (and the OUs) are written as LDIF for an offline slapadd; groups are returned as entries
 * to add through the running server, because only writes made through slapd make the memberof
 * overlay maintain `memberOf`.
 *
 * Empty groups: an AD-lite `group` may have no members, so it is added as is. A groupOfNames must
 * have at least one `member`, so an empty one gets the empty DN as its only member, the
 * placeholder that names nobody (slapd's refint overlay puts the same value back when the last
 * member of a group is deleted). Readers must skip a `member` value that is the empty DN.
 */

import type { DirectorySeed, SeedGroup, SeedPerson } from '../../providers/mock-kit/directorySeed';
import { ADMIN_LOCK as LOCKED_BY_ADMIN, UF_ACCOUNTDISABLE as UAC_DISABLED_BIT } from '../connectors/ldap/ldapEntry';

/** Which directory product the entries imitate. */
export type LdapSchemaShape = 'openldap' | 'ad';

export type LdapSeedPerson = SeedPerson;
export type LdapSeedGroup = SeedGroup;
export type LdapSeed = DirectorySeed;

export interface LdapGroupEntry {
  dn: string;
  attributes: Record<string, string | string[]>;
}

/** The disabled markers the LDAP connector reads (ppolicy's administrator lock, ACCOUNTDISABLE). */
export { ADMIN_LOCK as LOCKED_BY_ADMIN, UF_ACCOUNTDISABLE as UAC_DISABLED_BIT } from '../connectors/ldap/ldapEntry';
/** userAccountControl NORMAL_ACCOUNT. */
export const UAC_NORMAL = 512;
/** The `member` value of a groupOfNames that has no real member. */
export const EMPTY_GROUP_MEMBER = '';

/** The OU that holds people: AD keeps users in a container of that name. */
export function peopleOu(shape: LdapSchemaShape): string {
  return shape === 'ad' ? 'users' : 'people';
}

export function groupDn(name: string, baseDn: string): string {
  return `cn=${escapeDnValue(name)},ou=groups,${baseDn}`;
}

/**
 * Each person's DN, by username. In the `ad` shape the RDN is the display name, so two people
 * whose names collide (case-insensitively, as cn matches) get the username appended to the later
 * one's cn, the way an AD admin would disambiguate.
 */
export function personDns(seed: LdapSeed, shape: LdapSchemaShape, baseDn: string): Map<string, string> {
  return new Map([...personNames(seed, shape, baseDn)].map(([username, { dn }]) => [username, dn]));
}

function personNames(seed: LdapSeed, shape: LdapSchemaShape, baseDn: string): Map<string, { dn: string; cn: string }> {
  const names = new Map<string, { dn: string; cn: string }>();
  const usedCns = new Set<string>();
  for (const person of seed.people) {
    if (names.has(person.username)) throw new Error(`LDAP seed: duplicate username ${person.username}`);
    let cn = displayName(person);
    if (shape === 'openldap') {
      names.set(person.username, { dn: `uid=${escapeDnValue(person.username)},ou=people,${baseDn}`, cn });
      continue;
    }
    if (usedCns.has(cnKey(cn))) cn = `${cn} (${person.username})`;
    usedCns.add(cnKey(cn));
    names.set(person.username, { dn: `cn=${escapeDnValue(cn)},ou=users,${baseDn}`, cn });
  }
  return names;
}

/** Base entry, the people/groups/services OUs and every person, as LDIF for slapadd. */
export function peopleLdif(seed: LdapSeed, shape: LdapSchemaShape, baseDn: string): string {
  checkGroupNames(seed);
  const names = personNames(seed, shape, baseDn);
  const entries: Array<Record<string, string | string[]>> = [baseEntry(baseDn)];
  for (const ou of [peopleOu(shape), 'groups', 'services']) {
    entries.push({ dn: `ou=${ou},${baseDn}`, objectClass: 'organizationalUnit', ou });
  }
  const upnSuffix = dnsDomain(baseDn);
  for (const person of seed.people) {
    const { dn, cn } = names.get(person.username) ?? { dn: '', cn: '' };
    const common = { dn, cn, sn: person.familyName, givenName: person.givenName, mail: person.emails };
    if (shape === 'openldap') {
      entries.push({
        ...common,
        objectClass: ['inetOrgPerson', 'recoveryPerson'],
        uid: person.username,
        ...(person.employeeId ? { employeeNumber: person.employeeId } : {}),
        ...(person.birthDate ? { birthDate: checkedDate(person) } : {}),
        ...(person.disabled ? { pwdAccountLockedTime: LOCKED_BY_ADMIN } : {}),
      });
    } else {
      entries.push({
        ...common,
        objectClass: 'user',
        sAMAccountName: person.username,
        userPrincipalName: `${person.username}@${upnSuffix}`,
        displayName: displayName(person),
        userAccountControl: String(person.disabled ? UAC_NORMAL | UAC_DISABLED_BIT : UAC_NORMAL),
        ...(person.employeeId ? { employeeID: person.employeeId } : {}),
        ...(person.birthDate ? { birthDate: `${checkedDate(person).replaceAll('-', '')}000000.0Z` } : {}),
      });
    }
  }
  return entries.map(toLdif).join('\n');
}

/**
 * The groups as entries for `Client.add`, each after the groups that are its members, so the
 * memberof overlay finds every member entry in place and writes its `memberOf`.
 */
export function groupEntries(seed: LdapSeed, shape: LdapSchemaShape, baseDn: string): LdapGroupEntry[] {
  checkGroupNames(seed);
  const dns = personDns(seed, shape, baseDn);
  const members = new Map<string, string[]>(seed.groups.map((g) => [g.name, []]));
  for (const person of seed.people) {
    for (const group of person.groups) members.get(group)?.push(dns.get(person.username) ?? '');
  }
  const childGroups = new Map<string, string[]>(seed.groups.map((g) => [g.name, []]));
  for (const group of seed.groups) {
    for (const parent of group.memberOf) childGroups.get(parent)?.push(group.name);
  }

  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`LDAP seed: group nesting cycle ${[...path, name].join(' -> ')}`);
    state.set(name, 'visiting');
    for (const child of childGroups.get(name) ?? []) visit(child, [...path, name]);
    state.set(name, 'done');
    ordered.push(name);
  };
  for (const group of seed.groups) visit(group.name, []);

  return ordered.map((name) => {
    const member = [...(members.get(name) ?? []), ...(childGroups.get(name) ?? []).map((c) => groupDn(c, baseDn))];
    const dn = groupDn(name, baseDn);
    if (shape === 'openldap') {
      return { dn, attributes: { objectClass: 'groupOfNames', cn: name, member: member.length > 0 ? member : [EMPTY_GROUP_MEMBER] } };
    }
    return { dn, attributes: { objectClass: 'group', cn: name, sAMAccountName: name, ...(member.length > 0 ? { member } : {}) } };
  });
}

function displayName(person: LdapSeedPerson): string {
  return `${person.givenName} ${person.familyName}`;
}

function cnKey(cn: string): string {
  return cn.normalize('NFC').toLowerCase();
}

function checkedDate(person: LdapSeedPerson): string {
  const date = person.birthDate ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`LDAP seed: birthDate of ${person.username} is not YYYY-MM-DD`);
  return date;
}

/** Every group named by a person or a group must be declared, and declared once. */
function checkGroupNames(seed: LdapSeed): void {
  const declared = new Set<string>();
  for (const group of seed.groups) {
    if (declared.has(group.name)) throw new Error(`LDAP seed: duplicate group ${group.name}`);
    declared.add(group.name);
  }
  const check = (name: string, by: string): void => {
    if (!declared.has(name)) throw new Error(`LDAP seed: ${by} names undeclared group ${name}`);
  };
  for (const person of seed.people) for (const g of person.groups) check(g, person.username);
  for (const group of seed.groups) for (const g of group.memberOf) check(g, `group ${group.name}`);
}

/** The suffix entry itself; dc=, o= and ou= suffixes are supported. */
function baseEntry(baseDn: string): Record<string, string | string[]> {
  const match = /^(dc|o|ou)=([^,]+)/i.exec(baseDn);
  if (!match) throw new Error(`LDAP seed: unsupported base DN ${baseDn} (want dc=, o= or ou= first)`);
  const [, type = '', value = ''] = match;
  switch (type.toLowerCase()) {
    case 'dc':
      return { dn: baseDn, objectClass: ['dcObject', 'organization'], dc: value, o: value };
    case 'o':
      return { dn: baseDn, objectClass: 'organization', o: value };
    default:
      return { dn: baseDn, objectClass: 'organizationalUnit', ou: value };
  }
}

/** dc=example,dc=test -> example.test (the UPN suffix an AD domain of that name would use). */
function dnsDomain(baseDn: string): string {
  const labels = [...baseDn.matchAll(/(?:^|,)\s*dc=([^,]+)/gi)].map((m) => m[1]);
  return labels.length > 0 ? labels.join('.') : 'example.test';
}

/** RFC 4514 escaping of an attribute value inside a DN. */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, '\\$&')
    .replace(/^[ #]/, '\\$&')
    .replace(/ $/, '\\ ')
    .replace(/\0/g, '\\00');
}

function toLdif(entry: Record<string, string | string[]>): string {
  const { dn, ...attributes } = entry;
  const lines = [ldifLine('dn', String(dn))];
  for (const [name, value] of Object.entries(attributes)) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(ldifLine(name, v));
  }
  return `${lines.join('\n')}\n`;
}

/** RFC 2849: values that are not SAFE-STRING (non-ASCII, leading space/colon/<, trailing space) go base64. */
function ldifLine(name: string, value: string): string {
  // RFC 2849 defines SAFE-STRING by ranges of control characters.
  // eslint-disable-next-line no-control-regex
  const safe = /^(?![ :<])[\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(value) && !value.endsWith(' ');
  return safe ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}
