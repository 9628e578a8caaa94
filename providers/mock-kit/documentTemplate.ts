/**
 * The mock issuer's card template, shared by the fixture generator (which prints it) and the
 * reader (which crops the portrait and the QR data zone at these positions). A reader first resizes
 * any submitted document image to CARD, so every rectangle here is in template pixels.
 */

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** ID-1 format (ISO/IEC 7810: 85.60 × 53.98 mm) at 300 dpi. */
export const CARD = { width: 1012, height: 638 } as const;

/** Width / height of an ID-1 card; a submitted image far from it is not this template. */
export const CARD_ASPECT = CARD.width / CARD.height;

/** Portrait window on the front, 4:5 like an ICAO passport photo (35 × 45 mm is close to it). */
export const PORTRAIT_RECT: Rect = { left: 40, top: 118, width: 288, height: 360 };

/** Front data-zone QR, bottom right. Big enough for a version-7 symbol at 4 px per module. */
export const FRONT_QR_RECT: Rect = { left: 764, top: 394, width: 220, height: 220 };

/** Back data-zone QR (same text as the front), left half of the back. */
export const BACK_QR_RECT: Rect = { left: 56, top: 170, width: 300, height: 300 };

/** ISO/IEC 18004 §6.3.8: a quiet zone of 4 modules around the symbol. */
export const QR_QUIET_MODULES = 4;

/** Height of the coloured issuer band at the top of both sides. */
export const HEADER_HEIGHT = 92;

export type PrintedField = 'familyName' | 'givenName' | 'birthDate' | 'documentNumber' | 'expiryDate' | 'documentType' | 'issuingCountry';

export interface FieldSlot {
  field: PrintedField;
  label: string;
  /** Left edge and label baseline; the value prints 30 px below the label. */
  x: number;
  y: number;
}

/** Printed fields: five in the middle column, two above the QR. */
export const FRONT_FIELDS: readonly FieldSlot[] = [
  { field: 'familyName', label: 'SURNAME', x: 360, y: 140 },
  { field: 'givenName', label: 'GIVEN NAMES', x: 360, y: 210 },
  { field: 'birthDate', label: 'DATE OF BIRTH', x: 360, y: 280 },
  { field: 'documentNumber', label: 'DOCUMENT NO.', x: 360, y: 350 },
  { field: 'expiryDate', label: 'DATE OF EXPIRY', x: 360, y: 420 },
  { field: 'documentType', label: 'TYPE', x: 764, y: 140 },
  { field: 'issuingCountry', label: 'ISSUING STATE', x: 764, y: 210 },
];

/** Selfie capture size used by the fixtures (4:5, like the portrait window). */
export const SELFIE = { width: 480, height: 600 } as const;
