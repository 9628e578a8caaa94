/** Normalises the date spellings vendors use to ISO `YYYY-MM-DD` (contract.ts ExtractedClaims). */

/** Accepts `YYYY-MM-DD`, `YYYY-MM-DDThh:mm:ss[...]` and `YYYYMMDD`; anything else → null. */
export function toIsoDate(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:$|T)/.exec(value.trim());
  if (!match) return null;
  return fromParts(match[1], match[2], match[3]);
}

/** From separate year / month / day strings (TrueID's `DOB_Year`, `DOB_Month`, `DOB_Day`). */
export function fromParts(year: string | undefined, month: string | undefined, day: string | undefined): string | null {
  if (year === undefined || month === undefined || day === undefined) return null;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  // Rejects 2023-02-30 and friends: Date would silently roll them over.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}
