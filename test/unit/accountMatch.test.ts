import { foldName, matchAccount } from '../../src/policies/accountMatch';
import { decide } from '../../src/policies/verificationDecision';
import type { DirectoryUser } from '../../src/stores/directoryStore';
import type { IdvResult } from '../../providers/contract';

const ana: DirectoryUser = {
  username: 'ana.garcia',
  givenName: 'Ana',
  familyName: 'Garcia Nunez',
  birthDate: '1990-04-12',
  groups: [],
  emails: [],
  disabled: false,
};
const claims = {
  givenName: 'Ana María',
  familyName: 'García Núñez',
  birthDate: '1990-04-12',
  documentNumber: 'ESA 847-261',
  expiryDate: '2031-01-01',
  issuingCountry: 'ESP',
};
const relaxed = { mode: 'relaxed' as const, allowNameOnly: false };
const exact = { mode: 'exact' as const, allowNameOnly: false };

describe('account matching', () => {
  it('folds case, diacritics and punctuation', () => {
    expect(foldName("  GARCÍA-Núñez  O'Brien ")).toBe('garcia nunez o brien');
  });

  it('relaxed: tolerates accents and an extra given name', () => {
    expect(matchAccount(ana, claims, relaxed)).toEqual({ matched: true, failures: [] });
  });

  it('exact: tolerates case and accents but not an extra given name', () => {
    expect(matchAccount(ana, claims, exact).failures).toEqual(['given_name']);
    expect(matchAccount({ ...ana, givenName: 'ANA MARIA' }, claims, exact).matched).toBe(true);
  });

  it('rejects another person, a different birth date, a missing or disabled account', () => {
    expect(matchAccount(ana, { ...claims, givenName: 'Benjamin', familyName: 'Okafor' }, relaxed).failures).toEqual(['given_name', 'family_name']);
    expect(matchAccount(ana, { ...claims, birthDate: '1990-04-13' }, relaxed).failures).toEqual(['birth_date']);
    expect(matchAccount(null, claims, relaxed).failures).toEqual(['no_account']);
    expect(matchAccount({ ...ana, disabled: true }, claims, relaxed).matched).toBe(false);
  });

  it('refuses a match on names alone by default, and allows it only when the deployment opts in', () => {
    const { birthDate: _omit, ...noStrong } = ana;
    // The attack: anyone whose real ID bears the name "Ana García Núñez" was matched to this account.
    expect(matchAccount(noStrong, { ...claims, birthDate: '2001-01-01', documentNumber: 'OTHER1' }, relaxed)).toEqual({
      matched: false,
      failures: ['no_strong_attribute'],
    });
    expect(matchAccount(noStrong, claims, { ...relaxed, allowNameOnly: true }).matched).toBe(true);
  });

  it('accepts the ID document number as the strong attribute, ignoring spacing and dashes, and requires every one held', () => {
    const { birthDate: _omit, ...noBirth } = ana;
    expect(matchAccount({ ...noBirth, documentNumber: 'esa847261' }, claims, relaxed).matched).toBe(true);
    expect(matchAccount({ ...noBirth, documentNumber: 'ESA847262' }, claims, relaxed).failures).toEqual(['document_number']);
    expect(matchAccount({ ...ana, documentNumber: 'ESA847262' }, claims, relaxed).failures).toEqual(['document_number']);
    expect(matchAccount({ ...noBirth, documentNumber: 'ESA847261' }, { ...claims, documentNumber: null }, relaxed).failures).toEqual(['document_number']);
  });

  it('relaxed does not accept a directory word that is only a prefix of a document word', () => {
    expect(matchAccount({ ...ana, givenName: 'An' }, claims, relaxed).matched).toBe(false);
  });
});

describe('same-name accounts', () => {
  const passed: IdvResult = {
    decision: 'approved',
    provider: 'idemia',
    vendorReference: 'r',
    reasonCodes: [],
    faceMatch: { passed: true, score: 99, rawScore: 'LEVEL4', scale: 'idemia:LEVEL0-4' },
    liveness: { passed: true, raw: 'SUCCESS' },
    document: { authentic: true, expired: false, raw: 'VERIFIED' },
    claims: { ...claims },
  };
  const twin: DirectoryUser = { ...ana, username: 'ana.garcia2', emails: [] };
  const policy = { faceMatchThreshold: 80, nameMatchMode: 'relaxed' as const };

  it('sends a person to review when the verified claims match two accounts: never the first match', () => {
    expect(decide(passed, ana, policy, [twin])).toMatchObject({ outcome: 'review', grounds: ['same_name_ambiguous'] });
    // A namesake whose strong attribute differs is no ambiguity.
    expect(decide(passed, ana, policy, [{ ...twin, birthDate: '1970-01-01' }])).toMatchObject({ outcome: 'approved' });
  });
});
