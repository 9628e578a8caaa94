import { z } from 'zod';
import { checkDigit, toMrzAlphabet } from './checkDigit';
import type { DocumentClaims } from './types';

/**
 * The mock issuer's machine-readable data zone, carried in the card's QR codes. MRZ-like (ICAO Doc
 * 9303 TD1) but pipe-separated so names keep their UTF-8 diacritics:
 *
 * `IDV1|type|country|docNumber|cd|family|given|birth YYYYMMDD|cd|expiry YYYYMMDD|cd|composite`
 *
 * Each `cd` is the 7-3-1 check digit of the field before it. The composite digit covers
 * docNumber+cd+birth+cd+expiry+cd (as TD1 does) followed by both names transliterated to the MRZ
 * alphabet, so an edited name breaks it too.
 */
export const DATA_ZONE_PREFIX = 'IDV1';

const digit = z.string().regex(/^\d$/);
const ymd = z
  .string()
  .regex(/^\d{8}$/)
  .refine(isCalendarDate);
const name = z.string().min(1).max(80);
const fieldsSchema = z.tuple([
  z.literal(DATA_ZONE_PREFIX),
  z.enum(['ID_CARD', 'DRIVERS_LICENSE', 'PASSPORT']),
  z.string().regex(/^[A-Z]{3}$/),
  z.string().regex(/^[A-Z0-9]{5,20}$/),
  digit,
  name,
  name,
  ymd,
  digit,
  ymd,
  digit,
  digit,
]);

export type DataZoneRead = { readable: false } | { readable: true; claims: DocumentClaims; checkDigitsValid: boolean };

/** Builds the data-zone text for claims; throws if a field cannot be carried (a `|` in a name). */
export function encodeDataZone(claims: DocumentClaims): string {
  if (`${claims.givenName}${claims.familyName}`.includes('|')) throw new Error('name contains "|"');
  const doc = claims.documentNumber;
  const birth = claims.birthDate.replace(/-/g, '');
  const expiry = claims.expiryDate.replace(/-/g, '');
  const digits = checkDigitsFor(doc, birth, expiry, claims.familyName, claims.givenName);
  return [
    DATA_ZONE_PREFIX,
    claims.documentType,
    claims.issuingCountry,
    doc,
    digits.doc,
    claims.familyName,
    claims.givenName,
    birth,
    digits.birth,
    expiry,
    digits.expiry,
    digits.composite,
  ].join('|');
}

/** Parses data-zone text. Malformed text is unreadable; well-formed text reports its check digits. */
export function parseDataZone(text: string): DataZoneRead {
  const parsed = fieldsSchema.safeParse(text.split('|'));
  if (!parsed.success) return { readable: false };
  const [, type, country, doc, docCd, family, given, birth, birthCd, expiry, expiryCd, comp] = parsed.data;
  const expected = checkDigitsFor(doc, birth, expiry, family, given);
  const checkDigitsValid = expected.doc === docCd && expected.birth === birthCd && expected.expiry === expiryCd && expected.composite === comp;
  const claims: DocumentClaims = {
    givenName: given,
    familyName: family,
    birthDate: isoDate(birth),
    documentNumber: doc,
    expiryDate: isoDate(expiry),
    documentType: type,
    issuingCountry: country,
  };
  return { readable: true, claims, checkDigitsValid };
}

function checkDigitsFor(doc: string, birth: string, expiry: string, family: string, given: string) {
  const cd = (field: string): string => String(checkDigit(toMrzAlphabet(field)));
  const docCd = cd(doc);
  const birthCd = cd(birth);
  const expiryCd = cd(expiry);
  const compositeField = `${doc}${docCd}${birth}${birthCd}${expiry}${expiryCd}${family}<<${given}`;
  return { doc: docCd, birth: birthCd, expiry: expiryCd, composite: cd(compositeField) };
}

function isoDate(ymdText: string): string {
  return `${ymdText.slice(0, 4)}-${ymdText.slice(4, 6)}-${ymdText.slice(6, 8)}`;
}

function isCalendarDate(ymdText: string): boolean {
  const [y, m, d] = [ymdText.slice(0, 4), ymdText.slice(4, 6), ymdText.slice(6, 8)].map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d));
  return date.toISOString().slice(0, 10) === isoDate(ymdText);
}
