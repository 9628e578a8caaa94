/**
 * Seeded randomness for the fixture generator, so `generate.ts` writes byte-identical images on
 * every run. Not for anything security-relevant.
 */
export type Rng = () => number;

/** mulberry32: a small 32-bit PRNG with a full 2^32 period; good enough for drawing fixtures. */
export function seededRng(seed: string): Rng {
  let state = fnv1a(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
