/**
 * The per-channel sums and coefficients of training-mode batch norm over
 * all axes but the last (NHWC), shared by both backends' kernels: the
 * shifted moments of the forward pass, Σdy and Σdy·(x − mean) of the
 * backward pass, and `y = gain·x + bias` from given statistics. Every sum
 * is in float64; each backend stores the coefficients in the precision its
 * own loops read (float64 for the native backend's JS, float32 for the wasm
 * backend's SIMD).
 *
 * @module
 */

/** The shift {@linkcode channelSumsImpl} uses: the first row (0 for an empty array). */
export function momentShift(x: Float32Array, channels: number): Float64Array {
  const shift = new Float64Array(channels);
  if (x.length >= channels) { for (let c = 0; c < channels; c++) shift[c] = x[c]; }
  return shift;
}

/**
 * Adds Σ(x − shift) and Σ(x − shift)² per channel over rows [r0, r1) of an
 * [M, C] array into `sums` ([2C]: sums then squares), in float64.
 *
 * @param x Values, M·C floats.
 * @param shift Per channel, [C]: subtracted first to keep the squares exact.
 * @param r0 First row.
 * @param r1 One past the last row.
 * @param sums Accumulator, [2C].
 *
 * @example Moments of two rows
 * ```ts
 * import { channelSumsImpl, momentShift, momentsFromSums } from "./_batch_norm_sums_impl.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = new Float32Array([1, 10, 3, 30]);
 * const shift = momentShift(x, 2);
 * const sums = new Float64Array(4);
 * channelSumsImpl(x, shift, 0, 2, sums);
 * const mean = new Float32Array(2), variance = new Float32Array(2);
 * momentsFromSums(sums.subarray(0, 2), sums.subarray(2), shift, 2, mean, variance);
 * assertEquals([...mean, ...variance], [2, 20, 1, 100]);
 * ```
 */
export function channelSumsImpl(
  x: Float32Array,
  shift: Float64Array,
  r0: number,
  r1: number,
  sums: Float64Array,
): void {
  const C = shift.length;
  const s = new Float64Array(C), q = new Float64Array(C);
  if (C === 1) {
    const k = shift[0];
    let s0 = 0, q0 = 0;
    for (let i = r0; i < r1; i++) {
      const v = x[i] - k;
      s0 += v;
      q0 += v * v;
    }
    s[0] = s0;
    q[0] = q0;
  } else {
    for (let i = r0 * C, end = r1 * C; i < end; i += C) {
      for (let c = 0; c < C; c++) {
        const v = x[i + c] - shift[c];
        s[c] += v;
        q[c] += v * v;
      }
    }
  }
  for (let c = 0; c < C; c++) {
    sums[c] += s[c];
    sums[C + c] += q[c];
  }
}

/**
 * Mean and biased variance per channel from the shifted sums of `rows` rows.
 *
 * @param sum Σ(x − shift) per channel.
 * @param sumSq Σ(x − shift)² per channel.
 * @param shift The shift the sums were taken around.
 * @param rows Rows summed (0 gives zero moments).
 * @param mean Output, [C].
 * @param variance Output, [C].
 */
export function momentsFromSums(
  sum: ArrayLike<number>,
  sumSq: ArrayLike<number>,
  shift: ArrayLike<number>,
  rows: number,
  mean: Float32Array,
  variance: Float32Array,
): void {
  for (let c = 0; c < mean.length; c++) {
    const m = rows > 0 ? sum[c] / rows : 0;
    mean[c] = (rows > 0 ? shift[c] : 0) + m;
    variance[c] = rows > 0 ? Math.max(sumSq[c] / rows - m * m, 0) : 0;
  }
}

/**
 * Per-channel gain and bias of `y = (x − mean) · scale / √(variance + ε) + offset`
 * written as `y = gain · x + bias`.
 *
 * @param mean Per channel, [C].
 * @param variance Per channel, [C].
 * @param scale Per channel, [C], or null for 1.
 * @param offset Per channel, [C], or null for 0.
 * @param varianceEpsilon ε.
 * @param gain Output, [C], in the caller's precision.
 * @param bias Output, [C], in the caller's precision.
 *
 * @example Unit statistics leave x as it is
 * ```ts
 * import { normalizeCoefficients } from "./_batch_norm_sums_impl.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const gain = new Float64Array(1), bias = new Float64Array(1);
 * normalizeCoefficients(new Float32Array([0]), new Float32Array([1]), null, null, 0, gain, bias);
 * assertEquals([gain[0], bias[0]], [1, 0]);
 * ```
 */
export function normalizeCoefficients(
  mean: Float32Array,
  variance: Float32Array,
  scale: Float32Array | null,
  offset: Float32Array | null,
  varianceEpsilon: number,
  gain: Float32Array | Float64Array,
  bias: Float32Array | Float64Array,
): void {
  for (let c = 0; c < mean.length; c++) {
    const k = (scale === null ? 1 : scale[c]) / Math.sqrt(variance[c] + varianceEpsilon);
    gain[c] = k;
    bias[c] = (offset === null ? 0 : offset[c]) - mean[c] * k;
  }
}

/**
 * Adds Σdy and Σdy·(x − mean) per channel over rows [r0, r1) into `sums`
 * ([2C]), in float64: the sums every batch-norm gradient is made of.
 *
 * @param dy Gradient of y, M·C floats.
 * @param x Forward input, M·C floats.
 * @param mean Batch mean, [C].
 * @param r0 First row.
 * @param r1 One past the last row.
 * @param sums Accumulator, [2C].
 */
export function gradSumsImpl(
  dy: Float32Array,
  x: Float32Array,
  mean: Float32Array,
  r0: number,
  r1: number,
  sums: Float64Array,
): void {
  const C = mean.length;
  const a = new Float64Array(C), b = new Float64Array(C);
  if (C === 1) {
    const m0 = mean[0];
    let a0 = 0, b0 = 0;
    for (let i = r0; i < r1; i++) {
      const g = dy[i];
      a0 += g;
      b0 += g * (x[i] - m0);
    }
    a[0] = a0;
    b[0] = b0;
  } else {
    for (let i = r0 * C, end = r1 * C; i < end; i += C) {
      for (let c = 0; c < C; c++) {
        const g = dy[i + c];
        a[c] += g;
        b[c] += g * (x[i + c] - mean[c]);
      }
    }
  }
  for (let c = 0; c < C; c++) {
    sums[c] += a[c];
    sums[C + c] += b[c];
  }
}
