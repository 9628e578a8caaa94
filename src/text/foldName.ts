/**
 * Names folded for comparison: Unicode NFKD, diacritics removed, lower case, punctuation and runs
 * of spaces as one space. "GARCÍA-Núñez" and "garcia nunez" fold alike. A leaf module: account
 * matching (policies) and the directory's same-name index (stores) both use it.
 */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The name as spelled, without its diacritics ("Doé" → "Doe"), recomposed (NFC) so it is sent to a
 * directory as ordinary text: the spelling a same-name search asks for besides the original.
 */
export function stripMarks(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}
