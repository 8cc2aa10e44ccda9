/**
 * A seeded uniform generator in [0, 1) (mulberry32): `Math.random` cannot be
 * seeded, and a bootstrap interval must be reproducible from its seed alone.
 * The same idea as the private helper of `lib/dataset/splits.ts`.
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
