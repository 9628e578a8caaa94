/**
 * The demo directory loaded by the all-in-one start: accounts whose names and birth dates fit the
 * synthetic identities under test/fixtures/identities, spelled the way an HR system would (no
 * accents, no middle names) so the demo shows relaxed matching at work. This is directory data,
 * not biometric data: mock vendors never consult it.
 */
import type { DirectoryUser } from '../stores/directoryStore';
import type { DirectoryStore } from '../stores/directoryStore';

export const demoUsers: DirectoryUser[] = [
  {
    username: 'ana.garcia',
    givenName: 'Ana',
    familyName: 'Garcia Nunez',
    birthDate: '1990-04-12',
    groups: ['staff'],
    emails: ['ana.garcia@example.com', 'ana.personal@example.org'],
    disabled: false,
  },
  {
    username: 'ben.okafor',
    givenName: 'Benjamin',
    familyName: 'Okafor',
    birthDate: '1985-11-03',
    groups: ['staff'],
    emails: ['ben.okafor@example.com'],
    disabled: false,
  },
  { username: 'wei.chen', givenName: 'Wei', familyName: 'Chen', birthDate: '1978-02-28', groups: ['staff'], emails: ['wei.chen@example.com'], disabled: false },
  {
    username: 'dana.kowalski',
    givenName: 'Dana',
    familyName: 'Kowalski',
    birthDate: '1982-07-19',
    groups: ['tier0-admins'],
    emails: ['dana.kowalski@example.com'],
    disabled: false,
  },
  {
    username: 'erik.lindqvist',
    givenName: 'Erik',
    familyName: 'Lindqvist',
    birthDate: '1995-09-30',
    groups: ['staff'],
    emails: ['erik.lindqvist@example.com'],
    disabled: false,
  },
  {
    username: 'fatima.haddad',
    givenName: 'Fatima',
    familyName: 'Haddad',
    birthDate: '1988-05-06',
    groups: ['staff'],
    emails: ['fatima.haddad@example.com'],
    disabled: false,
  },
];

/** Adds the demo users that are missing; never overwrites an edited account. */
export async function seedDemoDirectory(directory: DirectoryStore): Promise<void> {
  for (const user of demoUsers) await directory.create(user);
}
