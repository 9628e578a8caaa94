/**
 * mulberry32: a tiny 32-bit PRNG with a full 2^32 period, so seeded runs (fixture drawing, random
 * sandbox faults, chaos schedules) can be replayed exactly. Not for anything security-relevant.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
