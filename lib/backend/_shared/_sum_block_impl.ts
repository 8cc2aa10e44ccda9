/**
 * Sum over a contiguous block of axes, seen as [outer, reduce, inner], in
 * float64: the typed-array maths of both backends' `Sum` and `Mean`.
 *
 * Why: tfjs's `Sum` (CPU and wasm) transposes the reduced axes to the end
 * first; for the bias gradient of a convolution (sum of an NHWC activation
 * over N, H and W) that is a full strided copy of the activation before the
 * sum, which costs more than the sum itself.
 *
 * @module
 */

/**
 * out[o, i] = scale·Σ_r x[o, r, i] for o in [o0, o1), accumulated in float64.
 *
 * @param x Values, outer·reduce·inner floats.
 * @param outer Product of the axes before the reduced block.
 * @param reduce Product of the reduced axes.
 * @param inner Product of the axes after the reduced block.
 * @param out Output, outer·inner floats.
 * @param scale Factor applied to each sum (1/reduce gives the mean). @default {1}
 * @param o0 First outer index. @default {0}
 * @param o1 One past the last outer index. @default {outer}
 */
export function sumBlockImpl(
  x: Float32Array,
  outer: number,
  reduce: number,
  inner: number,
  out: Float32Array,
  scale = 1,
  o0 = 0,
  o1: number = outer,
): void {
  if (inner === 1) {
    for (let o = o0; o < o1; o++) {
      let s = 0;
      const base = o * reduce;
      for (let r = 0; r < reduce; r++) s += x[base + r];
      out[o] = s * scale;
    }
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = o0; o < o1; o++) {
    acc.fill(0);
    columnSumsImpl(x.subarray(o * reduce * inner), inner, 0, reduce, acc);
    const q = o * inner;
    for (let i = 0; i < inner; i++) out[q + i] = acc[i] * scale;
  }
}

/**
 * Adds Σ_r x[r, i] over rows [r0, r1) of an [rows, inner] array into `acc` ([inner], float64).
 *
 * @param x Values.
 * @param inner Row length.
 * @param r0 First row.
 * @param r1 One past the last row.
 * @param acc Accumulator, [inner].
 */
export function columnSumsImpl(
  x: Float32Array,
  inner: number,
  r0: number,
  r1: number,
  acc: Float64Array,
): void {
  for (let p = r0 * inner, end = r1 * inner; p < end; p += inner) {
    for (let i = 0; i < inner; i++) acc[i] += x[p + i];
  }
}
