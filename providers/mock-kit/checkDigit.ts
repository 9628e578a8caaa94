/**
 * ICAO Doc 9303 Part 3 §4.9: check digit = Σ value(char) × weight (7, 3, 1 repeating) mod 10, where
 * digits are their value, A–Z are 10–35 and the filler `<` is 0. Returns null for a character the
 * MRZ alphabet does not have, so a caller can reject it instead of guessing.
 */
export function checkDigit(field: string): number | null {
  const weights = [7, 3, 1] as const;
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const value = mrzValue(field.charCodeAt(i));
    if (value === null) return null;
    sum += value * weights[i % 3]!;
  }
  return sum % 10;
}

function mrzValue(code: number): number | null {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 90) return code - 55; // A-Z → 10-35
  if (code === 60) return 0; // '<' filler
  return null;
}

/**
 * ICAO Doc 9303 Part 3 §6 transliteration, reduced to what the check digits need: strip
 * diacritics, upper-case, and turn anything outside A–Z/0–9 into the filler `<`.
 */
export function toMrzAlphabet(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '<');
}
