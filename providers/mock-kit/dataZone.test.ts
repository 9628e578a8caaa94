import { checkDigit, toMrzAlphabet } from './checkDigit';
import { encodeDataZone, parseDataZone } from './dataZone';
import type { DocumentClaims } from './types';

const ana: DocumentClaims = {
  givenName: 'Ana María',
  familyName: 'García Núñez',
  birthDate: '1990-04-12',
  documentNumber: 'ESA847261',
  expiryDate: '2031-06-14',
  documentType: 'ID_CARD',
  issuingCountry: 'ESP',
};

describe('ICAO 9303 check digits', () => {
  // ICAO Doc 9303 Part 4, Appendix B specimen (Anna Maria Eriksson): L898902C3<6, 740812 2, 120415 9.
  it.each([
    ['L898902C3', 6],
    ['740812', 2],
    ['120415', 9],
  ])('%s → %i', (field, digit) => expect(checkDigit(field)).toBe(digit));

  it('rejects characters outside the MRZ alphabet instead of guessing', () => {
    expect(checkDigit('abc')).toBeNull();
  });

  it('transliterates names before checking', () => {
    expect(toMrzAlphabet('García Núñez')).toBe('GARCIA<NUNEZ');
  });
});

describe('data zone', () => {
  it('round-trips claims, keeping UTF-8 names', () => {
    const text = encodeDataZone(ana);
    expect(text.startsWith('IDV1|ID_CARD|ESP|ESA847261|')).toBe(true);
    expect(parseDataZone(text)).toEqual({ readable: true, claims: ana, checkDigitsValid: true });
  });

  it('flags a changed digit, and an edited name through the composite digit', () => {
    const fields = encodeDataZone(ana).split('|');
    const forgedNumber = [...fields];
    forgedNumber[3] = 'ESA847262';
    const forgedName = [...fields];
    forgedName[5] = 'García Nuñes';
    for (const forged of [forgedNumber, forgedName]) {
      expect(parseDataZone(forged.join('|'))).toMatchObject({ readable: true, checkDigitsValid: false });
    }
  });

  it.each([
    ['another QR payload', 'https://example.com/'],
    ['a wrong field count', 'IDV1|ID_CARD|ESP'],
    ['an impossible date', encodeDataZone(ana).replace('19900412', '19900231')],
    ['an unknown document type', encodeDataZone(ana).replace('ID_CARD', 'LIBRARY_CARD')],
  ])('treats %s as unreadable', (_label, text) => {
    expect(parseDataZone(text)).toEqual({ readable: false });
  });

  it('refuses to encode a name that would break the field separator', () => {
    expect(() => encodeDataZone({ ...ana, givenName: 'Ana|María' })).toThrow();
  });
});
