/**
 * Seeded randomness for the fixture generator, so `generate.ts` writes byte-identical images on
 * every run. Not for anything security-relevant.
 */
import { mulberry32 } from './mulberry32';

export type Rng = () => number;

export function seededRng(seed: string): Rng {
  return mulberry32(fnv1a(seed));
}

/** Uniform in [lo, hi). */
export function between(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** Approximately normal (Irwin–Hall with 4 terms), mean 0, standard deviation ~1. */
export function gaussian(rng: Rng): number {
  return (rng() + rng() + rng() + rng() - 2) * Math.sqrt(3);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
