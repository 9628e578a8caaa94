/**
 * The directory every connector's conformance suite is seeded with: the same people in the
 * built-in directory, in slapd (both attribute shapes) and in the Graph-shaped stand-in. Groups
 * nest (`tier0-admins` is inside `admins`, which is inside `all-staff`), two accounts share a name
 * up to case and accents, and one account is disabled.
 */
import type { SeedGroup, SeedPerson } from '../../providers/mock-kit/directorySeed';

export type FixturePerson = SeedPerson;
export type FixtureGroup = SeedGroup;

export const fixtureGroups: FixtureGroup[] = [
  { name: 'all-staff', memberOf: [] },
  { name: 'staff', memberOf: ['all-staff'] },
  { name: 'admins', memberOf: ['all-staff'] },
  { name: 'tier0-admins', memberOf: ['admins'] },
  { name: 'contractors', memberOf: [] },
];

export const fixturePeople: FixturePerson[] = [
  {
    username: 'ana.garcia',
    givenName: 'Ana',
    familyName: 'Garcia Nunez',
    birthDate: '1990-04-12',
    employeeId: 'E1001',
    emails: ['ana.garcia@example.com', 'ana.personal@example.org'],
    groups: ['staff'],
    disabled: false,
  },
  {
    username: 'dana.kowalski',
    givenName: 'Dana',
    familyName: 'Kowalski',
    birthDate: '1982-07-19',
    employeeId: 'E1004',
    emails: ['dana.kowalski@example.com'],
    groups: ['tier0-admins'],
    disabled: false,
  },
  {
    username: 'john.doe',
    givenName: 'John',
    familyName: 'Doe',
    birthDate: '1975-01-15',
    employeeId: 'E2001',
    emails: ['john.doe@example.com'],
    groups: ['staff'],
    disabled: false,
  },
  {
    username: 'john.doe2',
    givenName: 'JOHN',
    familyName: 'Doé',
    birthDate: '1992-03-08',
    employeeId: 'E2002',
    emails: ['john.doe2@example.com'],
    groups: ['contractors'],
    disabled: false,
  },
  { username: 'no.extras', givenName: 'Noor', familyName: 'Extras', emails: [], groups: [], disabled: false },
  {
    username: 'gone.away',
    givenName: 'Gone',
    familyName: 'Away',
    birthDate: '1980-12-01',
    employeeId: 'E3001',
    emails: ['gone.away@example.com'],
    groups: ['staff'],
    disabled: true,
  },
];

/** Every group the account belongs to, nested memberships included, sorted. */
export function transitiveGroups(person: FixturePerson): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const parent of fixtureGroups.find((g) => g.name === name)?.memberOf ?? []) visit(parent);
  };
  person.groups.forEach(visit);
  return [...seen].sort();
}
