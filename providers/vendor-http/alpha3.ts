/**
 * Normalises a vendor's issuing-country value to ISO 3166-1 alpha-3 (contract.ts ExtractedClaims):
 * trimmed, upper case, exactly three letters; anything else (a US state code such as "VA", a
 * country name, empty) → null, so an unreadable country is never mistaken for a read one.
 */
export function toAlpha3(value: string | null | undefined): string | null {
  const code = value?.trim().toUpperCase() ?? '';
  return /^[A-Z]{3}$/.test(code) ? code : null;
}
