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
 * @module
 */

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
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  const shift = x.slice(0, rows > 0 ? channels : 0);
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const v = x[i + c] - shift[c];
      sum[c] += v;
      sumSq[c] += v * v;
    }
  }
  momentsFromSums(sum, sumSq, shift, rows, mean, variance);
}

/** Mean and biased variance from shifted sums (shared with the SIMD route). */
export function momentsFromSums(
  sum: Float64Array,
  sumSq: Float64Array,
  shift: Float32Array,
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
 */
export function normalizeCoefficients(
  mean: Float32Array,
  variance: Float32Array,
  scale: Float32Array | null,
  offset: Float32Array | null,
  varianceEpsilon: number,
  gain: Float32Array,
  bias: Float32Array,
): void {
  for (let c = 0; c < mean.length; c++) {
    const k = (scale === null ? 1 : scale[c]) / Math.sqrt(variance[c] + varianceEpsilon);
    gain[c] = k;
    bias[c] = (offset === null ? 0 : offset[c]) - mean[c] * k;
  }
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
  const sumDy = new Float64Array(channels);
  const sumDyCentred = new Float64Array(channels);
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const g = dy[i + c];
      sumDy[c] += g;
      sumDyCentred[c] += g * (x[i + c] - mean[c]);
    }
  }
  const k = {
    k1: new Float32Array(channels),
    k2: new Float32Array(channels),
    k3: new Float32Array(channels),
  };
  backwardFromSums(
    sumDy,
    sumDyCentred,
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
