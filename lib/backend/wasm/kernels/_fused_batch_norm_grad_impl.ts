/**
 * Typed-array maths of the gradient of `FusedBatchNorm`
 * (`y = (x − mean) · rsqrt(variance + ε) · scale + offset`, per channel of
 * a channels-last tensor) with respect to each of its five inputs, in two
 * passes over `x` and `dy` and without materialising any broadcast tensor.
 *
 * @module
 */
import { gradSumsImpl } from "../../_shared/_batch_norm_sums_impl.ts";

/** The five gradients, written by {@linkcode fusedBatchNormGradImpl}. */
export interface FusedBatchNormGrads {
  /** ∂L/∂x, the size of x. */
  dx: Float32Array;
  /** ∂L/∂mean, one per channel. */
  dMean: Float32Array;
  /** ∂L/∂variance, one per channel. */
  dVariance: Float32Array;
  /** ∂L/∂scale, one per channel. */
  dScale: Float32Array;
  /** ∂L/∂offset, one per channel. */
  dOffset: Float32Array;
}

/**
 * Computes the partial gradients of batch normalisation, treating `mean` and
 * `variance` as independent inputs (as tfjs's own gradient does).
 *
 * @param x Input, row-major `[..., channels]`.
 * @param dy Output gradient, same shape as x.
 * @param mean Per-channel mean, `[channels]`.
 * @param variance Per-channel variance, `[channels]`.
 * @param scale Per-channel scale `[channels]`, or `null` for 1.
 * @param varianceEpsilon ε added to the variance.
 * @param out Where the gradients go; `out.dx` may be `dy` itself.
 */
export function fusedBatchNormGradImpl(
  x: Float32Array,
  dy: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  scale: Float32Array | null,
  varianceEpsilon: number,
  out: FusedBatchNormGrads,
): void {
  const channels = mean.length;
  const size = x.length;
  const sums = new Float64Array(2 * channels);
  gradSumsImpl(dy, x, mean, 0, size / channels, sums);
  const sumDy = sums.subarray(0, channels), sumDyCentred = sums.subarray(channels);
  const gain = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const invStd = 1 / Math.sqrt(variance[c] + varianceEpsilon);
    const s = scale === null ? 1 : scale[c];
    gain[c] = invStd * s;
    out.dMean[c] = -invStd * s * sumDy[c];
    out.dVariance[c] = -0.5 * s * invStd * invStd * invStd * sumDyCentred[c];
    out.dScale[c] = invStd * sumDyCentred[c];
    out.dOffset[c] = sumDy[c];
  }
  const { dx } = out;
  for (let i = 0; i < size; i += channels) {
    for (let c = 0; c < channels; c++) dx[i + c] = dy[i + c] * gain[c];
  }
}
