import { foldName, matchAccount } from '../../src/policies/accountMatch';
import type { DirectoryUser } from '../../src/stores/directoryStore';

const ana: DirectoryUser = { username: 'ana.garcia', givenName: 'Ana', familyName: 'Garcia Nunez', birthDate: '1990-04-12', groups: [], emails: [], disabled: false };
const claims = { givenName: 'Ana María', familyName: 'García Núñez', birthDate: '1990-04-12', documentNumber: 'X', expiryDate: '2031-01-01' };

describe('account matching', () => {
  it('folds case, diacritics and punctuation', () => {
    expect(foldName("  GARCÍA-Núñez  O'Brien ")).toBe('garcia nunez o brien');
  });

  it('relaxed: tolerates accents and an extra given name', () => {
    expect(matchAccount(ana, claims, 'relaxed')).toEqual({ matched: true, failures: [] });
  });

  it('exact: tolerates case and accents but not an extra given name', () => {
    expect(matchAccount(ana, claims, 'exact').failures).toEqual(['given_name']);
    expect(matchAccount({ ...ana, givenName: 'ANA MARIA' }, claims, 'exact').matched).toBe(true);
  });

  it('rejects another person, a different birth date, a missing or disabled account', () => {
    expect(matchAccount(ana, { ...claims, givenName: 'Benjamin', familyName: 'Okafor' }, 'relaxed').failures).toEqual(['given_name', 'family_name']);
    expect(matchAccount(ana, { ...claims, birthDate: '1990-04-13' }, 'relaxed').failures).toEqual(['birth_date']);
    expect(matchAccount(null, claims, 'relaxed').failures).toEqual(['no_account']);
    expect(matchAccount({ ...ana, disabled: true }, claims, 'relaxed').matched).toBe(false);
  });

  it('skips the birth date when the directory has none', () => {
    const { birthDate: _omit, ...noBirth } = ana;
    expect(matchAccount(noBirth, { ...claims, birthDate: null }, 'relaxed').matched).toBe(true);
  });

  it('relaxed does not accept a directory word that is only a prefix of a document word', () => {
    expect(matchAccount({ ...ana, givenName: 'An' }, claims, 'relaxed').matched).toBe(false);
  });
});
