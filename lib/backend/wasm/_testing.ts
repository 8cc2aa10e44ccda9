/**
 * Helpers for the wasm backend's tests: seeded random data and the relative
 * error that the parity tolerance (1e-4) is stated in.
 *
 * @module
 */

/** `size` floats uniform in [lo, hi), from a 32-bit LCG seeded with `seed`. */
export function randomArray(size: number, seed: number, lo = -1, hi = 1): Float32Array {
  let state = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (hi - lo) * (state / 4294967296);
  }
  return out;
}

/**
 * max |actual − expected| / max(max |expected|, floor): the error relative to
 * the tensor's scale, with `floor` for tensors that should be ~0.
 */
export function relativeError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  floor = 1e-6,
): number {
  if (actual.length !== expected.length) {
    throw new RangeError(
      `Cannot compare arrays as lengths must match: current values are ${actual.length} and ${expected.length}`,
    );
  }
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(actual[i]) !== Number.isNaN(expected[i])) return Infinity;
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}
