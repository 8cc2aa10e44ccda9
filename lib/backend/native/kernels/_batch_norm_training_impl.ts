/**
 * Batch normalisation over all axes but the last (NHWC), forward and
 * backward, each in two passes over the activations. Every pass works on a
 * range of rows so that the threads of the native backend can share it.
 *
 * Why by hand: tfjs computes training-mode batch norm as `moments` followed by
 * `batchNorm`, and differentiates that composite op by op: about twenty
 * activation-sized temporaries (tiles, broadcasts, squares) per layer. The
 * closed-form gradient below needs one pass for two per-channel sums and one
 * pass to write dx.
 *
 * The sums and the normalisation coefficients are shared with the wasm
 * backend (`../../_shared/_batch_norm_sums_impl.ts`); the coefficients of dx
 * are not: these stay in float64 for the JS loops, while the wasm backend's
 * SIMD loops read float32 ones of another form (`k2·x + k3`).
 *
 * @module
 */
import {
  channelSumsImpl,
  gradSumsImpl,
  momentsFromSums,
  momentShift,
  normalizeCoefficients,
} from "../../_shared/_batch_norm_sums_impl.ts";

/** Per-channel statistics of a batch. */
export interface BatchMoments {
  /** Mean per channel, [C]. */
  mean: Float32Array;
  /** Biased variance per channel, [C]. */
  variance: Float32Array;
}

/**
 * Mean and biased variance of each channel of an [M, C] row-major array,
 * accumulated in float64 around the first row to stay exact for large M
 * (a 32×128×130 batch has M = 532 480).
 *
 * @param x Values, M·C floats.
 * @param channels C.
 * @returns Mean and variance per channel.
 */
export function batchMomentsImpl(x: Float32Array, channels: number): BatchMoments {
  const shift = momentShift(x, channels);
  const sums = new Float64Array(2 * channels);
  const rows = x.length / channels;
  channelSumsImpl(x, shift, 0, rows, sums);
  return batchMomentsFromSums(sums, shift, rows);
}

/** Mean and biased variance from the sums of `channelSumsImpl` ([2C]) over `rows` rows. */
export function batchMomentsFromSums(
  sums: Float64Array,
  shift: Float64Array,
  rows: number,
): BatchMoments {
  const C = shift.length;
  const mean = new Float32Array(C), variance = new Float32Array(C);
  momentsFromSums(sums.subarray(0, C), sums.subarray(C), shift, rows, mean, variance);
  return { mean, variance };
}

/** Per-channel y = a·x + b coefficients of the normalisation, in float64. */
export function normCoefficients(
  mean: Float32Array,
  variance: Float32Array,
  scale: Float32Array | null,
  offset: Float32Array | null,
  epsilon: number,
): { a: Float64Array; b: Float64Array } {
  const a = new Float64Array(mean.length), b = new Float64Array(mean.length);
  normalizeCoefficients(mean, variance, scale, offset, epsilon, a, b);
  return { a, b };
}

/**
 * y = a·x + b per channel over rows [r0, r1).
 *
 * @param x Values, M·C floats.
 * @param a Per channel, [C].
 * @param b Per channel, [C].
 * @param y Output, M·C floats (may be `x`).
 * @param r0 First row.
 * @param r1 One past the last row.
 */
export function channelAffineImpl(
  x: Float32Array,
  a: Float64Array,
  b: Float64Array,
  y: Float32Array,
  r0: number,
  r1: number,
): void {
  const C = a.length;
  if (C === 1) {
    const a0 = a[0], b0 = b[0];
    for (let i = r0; i < r1; i++) y[i] = x[i] * a0 + b0;
    return;
  }
  for (let i = r0 * C, end = r1 * C; i < end; i += C) {
    for (let c = 0; c < C; c++) y[i + c] = x[i + c] * a[c] + b[c];
  }
}

/**
 * y = (x − mean)·scale/√(variance + ε) + offset per channel, written into `y`.
 *
 * @param x Values, M·C floats.
 * @param mean Per channel, [C].
 * @param variance Per channel, [C].
 * @param scale Per channel, [C], or null for 1.
 * @param offset Per channel, [C], or null for 0.
 * @param epsilon ε.
 * @param y Output, M·C floats (may be `x`).
 */
export function batchNormApplyImpl(
  x: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  scale: Float32Array | null,
  offset: Float32Array | null,
  epsilon: number,
  y: Float32Array,
): void {
  const { a, b } = normCoefficients(mean, variance, scale, offset, epsilon);
  channelAffineImpl(x, a, b, y, 0, x.length / mean.length);
}

/** Gradients of training-mode batch norm and the coefficients of dx. */
export interface BatchNormGradCoefficients {
  /** dL/dscale, [C]. */
  dScale: Float32Array;
  /** dL/doffset, [C]. */
  dOffset: Float32Array;
  /** dx = k1·dy + k2·(x − mean) + k3 per channel. */
  k1: Float64Array;
  k2: Float64Array;
  k3: Float64Array;
}

/**
 * Closed form of the gradient of y = (x − μ_B)/√(σ²_B + ε)·scale + offset
 * where μ_B, σ²_B are the batch's own moments, so dx includes their
 * dependence on x: dx = scale·r/M·(M·dy − Σdy − x̂·Σ(dy·x̂)), r = 1/√(σ² + ε).
 *
 * @param sums Σdy then Σdy·(x − mean), [2C], from `gradSumsImpl`.
 * @param scale Per channel, [C], or null for 1.
 * @param variance Batch variance, [C].
 * @param epsilon ε.
 * @param rows M.
 * @returns dScale, dOffset and the per-channel coefficients of dx.
 */
export function gradCoefficients(
  sums: Float64Array,
  scale: Float32Array | null,
  variance: Float32Array,
  epsilon: number,
  rows: number,
): BatchNormGradCoefficients {
  const C = variance.length;
  const dScale = new Float32Array(C), dOffset = new Float32Array(C);
  const k1 = new Float64Array(C), k2 = new Float64Array(C), k3 = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const r = 1 / Math.sqrt(variance[c] + epsilon);
    const s = scale ? scale[c] : 1;
    const dBeta = sums[c];
    const dGamma = sums[C + c] * r;
    dOffset[c] = dBeta;
    dScale[c] = dGamma;
    const sr = s * r;
    k1[c] = sr;
    k2[c] = rows > 0 ? -sr * r * dGamma / rows : 0;
    k3[c] = rows > 0 ? -sr * dBeta / rows : 0;
  }
  return { dScale, dOffset, k1, k2, k3 };
}

/**
 * dx = k1·dy + k2·(x − mean) + k3 per channel over rows [r0, r1).
 *
 * @param dy Gradient of y, M·C floats.
 * @param x Forward input, M·C floats.
 * @param mean Batch mean, [C].
 * @param k Coefficients from {@linkcode gradCoefficients}.
 * @param dx Output, M·C floats (may be `dy`).
 * @param r0 First row.
 * @param r1 One past the last row.
 * @param sums When given, Σ dx over the rows is added into it per channel (float64).
 */
export function gradApplyImpl(
  dy: Float32Array,
  x: Float32Array,
  mean: Float32Array,
  k: Pick<BatchNormGradCoefficients, "k1" | "k2" | "k3">,
  dx: Float32Array,
  r0: number,
  r1: number,
  sums: Float64Array | null = null,
): void {
  const { k1, k2, k3 } = k;
  const C = mean.length;
  if (C === 1) {
    const a = k1[0], b = k2[0], d = k3[0], m0 = mean[0];
    let total = 0;
    for (let i = r0; i < r1; i++) {
      const v = Math.fround(a * dy[i] + b * (x[i] - m0) + d);
      dx[i] = v;
      total += v;
    }
    if (sums) sums[0] += total;
    return;
  }
  if (sums) {
    for (let i = r0 * C, end = r1 * C; i < end; i += C) {
      for (let c = 0; c < C; c++) {
        // The stored float32, so the sums are those of dx as a reader sees it.
        const v = Math.fround(k1[c] * dy[i + c] + k2[c] * (x[i + c] - mean[c]) + k3[c]);
        dx[i + c] = v;
        sums[c] += v;
      }
    }
    return;
  }
  for (let i = r0 * C, end = r1 * C; i < end; i += C) {
    for (let c = 0; c < C; c++) {
      dx[i + c] = k1[c] * dy[i + c] + k2[c] * (x[i + c] - mean[c]) + k3[c];
    }
  }
}

/** Gradients of training-mode batch norm. */
export interface BatchNormGrads {
  /** dL/dscale, [C]. */
  dScale: Float32Array;
  /** dL/doffset, [C]. */
  dOffset: Float32Array;
}

/**
 * Backward of training-mode batch norm in two passes; see
 * {@linkcode gradCoefficients} for the formula.
 *
 * @param dy Gradient of y, M·C floats.
 * @param x Forward input, M·C floats.
 * @param scale Per channel, [C], or null for 1.
 * @param mean Batch mean, [C].
 * @param variance Batch variance, [C].
 * @param epsilon ε.
 * @param dx Output, M·C floats (may be `dy`).
 * @returns dScale and dOffset.
 */
export function batchNormTrainingGradImpl(
  dy: Float32Array,
  x: Float32Array,
  scale: Float32Array | null,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
  dx: Float32Array,
): BatchNormGrads {
  const C = mean.length;
  const rows = x.length / C;
  const sums = new Float64Array(2 * C);
  gradSumsImpl(dy, x, mean, 0, rows, sums);
  const k = gradCoefficients(sums, scale, variance, epsilon, rows);
  gradApplyImpl(dy, x, mean, k, dx, 0, rows);
  return { dScale: k.dScale, dOffset: k.dOffset };
}
