/**
 * Typed-array maths of training-mode batch normalisation over all axes but
 * the last (NHWC), forward and backward, in two passes each. The kernels run
 * the same steps with the SIMD loops of `_simd_kernels.wat` when the channel
 * count is a multiple of 4; these loops are the fallback and the reference.
 *
 * Why fused: tfjs-layers computes `moments` then `batchNorm` and tfjs
 * differentiates that op by op, with ~20 activation-sized temporaries per
 * layer (measured 230 ms of a 1.0 s wasm training step of the seed CNN).
 *
 * The sums and the normalisation coefficients are the native backend's too
 * (`../../_shared/_batch_norm_sums_impl.ts`). The coefficients of dx are not:
 * the SIMD `channelAffine` reads them as float32 in the form
 * `k1·dy + k2·x + k3`, where the native backend keeps float64 ones of
 * `k1·dy + k2·(x − mean) + k3`; one form for both would change the results
 * of one backend.
 *
 * @module
 */
import {
  channelSumsImpl,
  gradSumsImpl,
  momentsFromSums,
  momentShift,
} from "../../_shared/_batch_norm_sums_impl.ts";

/**
 * Mean and biased variance per channel of a row-major `[rows, channels]`
 * array, accumulated in float64 around the first row.
 *
 * @param x Values, `rows · channels` floats.
 * @param channels Channels.
 * @param mean Output `[channels]`.
 * @param variance Output `[channels]`.
 */
export function batchMoments(
  x: Float32Array,
  channels: number,
  mean: Float32Array,
  variance: Float32Array,
): void {
  const rows = x.length / channels;
  const shift = momentShift(x, channels);
  const sums = new Float64Array(2 * channels);
  channelSumsImpl(x, shift, 0, rows, sums);
  momentsFromSums(sums.subarray(0, channels), sums.subarray(channels), shift, rows, mean, variance);
}

/**
 * `out = gain[c] · x + bias[c]` per channel.
 *
 * @param x Row-major `[rows, channels]`.
 * @param gain `[channels]`.
 * @param bias `[channels]`.
 * @param out Like x (may be x).
 */
export function channelAffine(
  x: Float32Array,
  gain: Float32Array,
  bias: Float32Array,
  out: Float32Array,
): void {
  const channels = gain.length;
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) out[i + c] = x[i + c] * gain[c] + bias[c];
  }
}

/** Per-channel constants of the backward pass, `dx = k1·dy + k2·x + k3`. */
export interface BatchNormBackwardCoefficients {
  /** Multiplies dy. */
  k1: Float32Array;
  /** Multiplies x. */
  k2: Float32Array;
  /** Added. */
  k3: Float32Array;
}

/**
 * dScale, dOffset and the dx coefficients from the sums Σdy and Σdy·(x − mean).
 * With r = 1/√(variance + ε) and x̂ = (x − mean)·r, the closed form (the batch
 * moments depend on x) is `dx = scale·r/M · (M·dy − Σdy − x̂·Σ(dy·x̂))`.
 */
export function backwardFromSums(
  sumDy: Float64Array,
  sumDyCentred: Float64Array,
  rows: number,
  scale: Float32Array | null,
  mean: Float32Array,
  variance: Float32Array,
  varianceEpsilon: number,
  dScale: Float32Array,
  dOffset: Float32Array,
  coefficients: BatchNormBackwardCoefficients,
): void {
  const { k1, k2, k3 } = coefficients;
  for (let c = 0; c < mean.length; c++) {
    const r = 1 / Math.sqrt(variance[c] + varianceEpsilon);
    const s = scale === null ? 1 : scale[c];
    const dGamma = sumDyCentred[c] * r;
    dOffset[c] = sumDy[c];
    dScale[c] = dGamma;
    const sr = s * r;
    const b = rows > 0 ? -sr * r * dGamma / rows : 0;
    k1[c] = sr;
    k2[c] = b;
    k3[c] = (rows > 0 ? -sr * sumDy[c] / rows : 0) - b * mean[c];
  }
}

/**
 * The whole backward pass in JavaScript.
 *
 * @param dy Gradient of y, `[rows, channels]`.
 * @param x Forward input, `[rows, channels]`.
 * @param scale `[channels]` or `null` for 1.
 * @param mean The batch mean the forward pass used.
 * @param variance The batch variance the forward pass used.
 * @param varianceEpsilon ε.
 * @param dx Output like x.
 * @param dScale Output `[channels]`.
 * @param dOffset Output `[channels]`.
 */
export function batchNormTrainingBackward(
  dy: Float32Array,
  x: Float32Array,
  scale: Float32Array | null,
  mean: Float32Array,
  variance: Float32Array,
  varianceEpsilon: number,
  dx: Float32Array,
  dScale: Float32Array,
  dOffset: Float32Array,
): void {
  const channels = mean.length;
  const sums = new Float64Array(2 * channels);
  gradSumsImpl(dy, x, mean, 0, x.length / channels, sums);
  const k = {
    k1: new Float32Array(channels),
    k2: new Float32Array(channels),
    k3: new Float32Array(channels),
  };
  backwardFromSums(
    sums.subarray(0, channels),
    sums.subarray(channels),
    x.length / channels,
    scale,
    mean,
    variance,
    varianceEpsilon,
    dScale,
    dOffset,
    k,
  );
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      dx[i + c] = k.k1[c] * dy[i + c] + k.k2[c] * x[i + c] + k.k3[c];
    }
  }
}
