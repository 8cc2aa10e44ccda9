/**
 * Seeded randomness that every layer of serlab shares (splits, shuffles,
 * bootstrap resamples): `Math.random` cannot be seeded, and each of these
 * must be reproducible from its seed alone.
 *
 * @example The same seed gives the same numbers
 * ```ts
 * import { mulberry32, shuffle } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(mulberry32(7)(), mulberry32(7)());
 * assertEquals(shuffle([1, 2, 3, 4], mulberry32(1)).sort(), [1, 2, 3, 4]);
 * ```
 *
 * @module
 */

/**
 * A seeded uniform generator in [0, 1) (mulberry32: 32-bit state, small and
 * fast enough for per-element use).
 *
 * @param seed Any number; its low 32 bits are the state.
 * @returns A function giving the next number at each call.
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

/**
 * Fisher–Yates shuffle of a copy.
 *
 * @param items The items; left unchanged.
 * @param random A generator, e.g. {@linkcode mulberry32}.
 * @returns A new array in shuffled order.
 */
export function shuffle<T>(items: ArrayLike<T>, random: () => number): T[] {
  const out = Array.from(items);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
