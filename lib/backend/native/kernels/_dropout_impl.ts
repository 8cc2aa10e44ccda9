/**
 * Dropout with a counter-based random stream: whether element i is kept
 * depends only on (seed, i), so the forward pass and its gradient draw the
 * same mask without storing it, and any split of the rows over threads
 * gives the same result.
 *
 * Why not tfjs's stream: tfjs draws one `seedrandom` number per element in
 * JavaScript, then runs add, floor, div and mul over the activation (five
 * passes, one of them slow); this is one pass, with the same distribution
 * and the same `x / keep` scaling of kept elements.
 *
 * @module
 */

/**
 * A 32-bit mixing hash (Wellons' lowbias32), good enough to decorrelate
 * neighbours. Returns the hash as a signed int32: unsigned values above
 * 2³¹ would leave V8's small-integer fast path.
 */
function hash32(v: number): number {
  v ^= v >>> 16;
  v = Math.imul(v, 0x7feb352d);
  v ^= v >>> 15;
  v = Math.imul(v, 0x846ca68b);
  return v ^ (v >>> 16);
}

/**
 * y[i] = x[i] · (kept(seed, i) ? 1/(1 − rate) : 0) for i in [start, end).
 *
 * @param x Input.
 * @param rate Fraction dropped, in [0, 1).
 * @param seed A 32-bit unsigned seed; the same seed gives the same mask.
 * @param y Output (may be `x`).
 * @param start First index. @default {0}
 * @param end One past the last index. @default {x.length}
 */
export function dropoutImpl(
  x: Float32Array,
  rate: number,
  seed: number,
  y: Float32Array,
  start = 0,
  end: number = x.length,
): void {
  const { scale, threshold, base } = dropoutConstants(rate, seed);
  for (let i = start; i < end; i++) {
    const h = hash32((base + Math.imul(i, 0x9e3779b9)) | 0) ^ -0x80000000;
    // x · {0, 1/keep}, as tfjs multiplies (so −x·0 is −0), and branch-free.
    y[i] = x[i] * (scale * +(h >= threshold));
  }
}

/** The mask's constants for `rate` and `seed` (shared with the SIMD kernel `dropout`). */
export function dropoutConstants(
  rate: number,
  seed: number,
): { scale: number; threshold: number; base: number } {
  return {
    scale: Math.fround(1 / (1 - rate)),
    // Keep when the unsigned hash is at or above rate·2³², as tfjs keeps
    // u ≥ rate; compared as signed int32s, both shifted by 2³¹.
    threshold: (Math.floor(rate * 2 ** 32) - 2 ** 31) | 0,
    base: hash32(seed ^ 0x9e3779b9),
  };
}
