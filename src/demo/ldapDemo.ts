/**
 * The demo directory as slapd content, for the all-in-one start with DIRECTORY=ldap: the same
 * people as the built-in demo directory (directorySeed.ts), their groups as direct memberships,
 * plus one nesting example: `tier0-admins` is a member of `admins`, so Dana is an admin only
 * through nesting, as in many real directories.
 */
import type { LdapSeed, LdapSeedGroup } from '../embedded/ldapSeed';
import { demoUsers } from './directorySeed';

/** Parent groups of the demo groups that are themselves nested. */
const NESTING: Record<string, string[]> = { 'tier0-admins': ['admins'] };

export function demoLdapSeed(): LdapSeed {
  const names = new Set<string>(demoUsers.flatMap((user) => user.groups));
  for (const [child, parents] of Object.entries(NESTING)) [child, ...parents].forEach((name) => names.add(name));
  const groups: LdapSeedGroup[] = [...names].sort().map((name) => ({ name, memberOf: NESTING[name] ?? [] }));
  return {
    people: demoUsers.map((user) => ({
      username: user.username,
      givenName: user.givenName,
      familyName: user.familyName,
      birthDate: user.birthDate,
      emails: [...user.emails],
      groups: [...user.groups],
      disabled: user.disabled,
    })),
    groups,
  };
}
