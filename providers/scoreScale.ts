/**
 * Mapping a vendor's face score onto `IdvResult.faceMatch.score` (0..100, the scale
 * FACE_MATCH_THRESHOLD is set on). The rule (docs/providers.md, "Scores"):
 * 1. Always keep the vendor's own value and scale (`rawScore`, `scale`): the mapping is ours.
 * 2. Map only a number the vendor documents as a monotonic similarity with known bounds (a 0..1
 *    probability, a 0..100 percentage, a bounded integer scale), linearly, clamped, rounded.
 * 3. A level or code (`LEVEL3`, a status) is not a score: `score` is null and `passed` is the
 *    vendor's own verdict. No invented common scale (docs/references.md, "Vendor APIs: adapter patterns").
 */

export interface ScoreRange {
  /** The vendor's lowest (least similar) and highest (most similar) documented values. */
  min: number;
  max: number;
}

/** `value` from `range` onto 0..100, or null when it is not a finite number or the range is empty. */
export function scoreToPercent(value: number | string | null | undefined, range: ScoreRange): number | null {
  const n = typeof value === 'string' ? Number(value.trim() === '' ? NaN : value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || !(range.max > range.min)) return null;
  const scaled = ((n - range.min) / (range.max - range.min)) * 100;
  return Math.round(Math.min(100, Math.max(0, scaled)));
}

/** A probability (0..1), e.g. a similarity score documented as a float between 0 and 1. */
export function probabilityToPercent(value: number | string | null | undefined): number | null {
  return scoreToPercent(value, { min: 0, max: 1 });
}
