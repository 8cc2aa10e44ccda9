/**
 * Batch normalisation over all axes but the last (NHWC), forward and
 * backward, each in two passes over the activations.
 *
 * Why by hand: tfjs computes training-mode batch norm as `moments` followed by
 * `batchNorm`, and differentiates that composite op by op: about twenty
 * activation-sized temporaries (tiles, broadcasts, squares) per layer. The
 * closed-form gradient below needs one pass for two per-channel sums and one
 * pass to write dx.
 *
 * @module
 */

/** Per-channel statistics of a batch. */
export interface BatchMoments {
  /** Mean per channel, [C]. */
  mean: Float32Array;
  /** Biased variance per channel, [C]. */
  variance: Float32Array;
}

/**
 * Mean and biased variance of each channel of an [M, C] row-major array.
 * Accumulates in float64 around the first row to stay exact enough for
 * large M (a 32×128×130 batch has M = 532 480).
 *
 * @param x Values, M·C floats.
 * @param channels C.
 * @returns Mean and variance per channel.
 */
export function batchMomentsImpl(x: Float32Array, channels: number): BatchMoments {
  const C = channels;
  const M = x.length / C;
  const shift = new Float64Array(C);
  const s = new Float64Array(C);
  const q = new Float64Array(C);
  for (let c = 0; c < C; c++) shift[c] = M > 0 ? x[c] : 0;
  const n = x.length;
  if (C === 1) {
    const k = shift[0];
    let s0 = 0, q0 = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i] - k;
      s0 += v;
      q0 += v * v;
    }
    s[0] = s0;
    q[0] = q0;
  } else {
    for (let i = 0; i < n; i += C) {
      for (let c = 0; c < C; c++) {
        const v = x[i + c] - shift[c];
        s[c] += v;
        q[c] += v * v;
      }
    }
  }
  const mean = new Float32Array(C);
  const variance = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    const m = M > 0 ? s[c] / M : 0;
    mean[c] = shift[c] + m;
    variance[c] = M > 0 ? Math.max(q[c] / M - m * m, 0) : 0;
  }
  return { mean, variance };
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
  const C = mean.length;
  const a = new Float64Array(C);
  const b = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const k = (scale ? scale[c] : 1) / Math.sqrt(variance[c] + epsilon);
    a[c] = k;
    b[c] = (offset ? offset[c] : 0) - mean[c] * k;
  }
  const n = x.length;
  if (C === 1) {
    const a0 = a[0], b0 = b[0];
    for (let i = 0; i < n; i++) y[i] = x[i] * a0 + b0;
    return;
  }
  for (let i = 0; i < n; i += C) {
    for (let c = 0; c < C; c++) y[i + c] = x[i + c] * a[c] + b[c];
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
 * Backward of y = (x − μ_B)/√(σ²_B + ε)·scale + offset where μ_B, σ²_B are
 * the batch's own moments, so dx includes their dependence on x:
 * dx = scale·r/M·(M·dy − Σdy − x̂·Σ(dy·x̂)), r = 1/√(σ² + ε).
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
  const M = x.length / C;
  const sdy = new Float64Array(C);
  const sdyx = new Float64Array(C);
  const n = x.length;
  // Σ dy·(x − mean) accumulated directly keeps the cancellation out of float32.
  if (C === 1) {
    const m0 = mean[0];
    let a = 0, b = 0;
    for (let i = 0; i < n; i++) {
      const g = dy[i];
      a += g;
      b += g * (x[i] - m0);
    }
    sdy[0] = a;
    sdyx[0] = b;
  } else {
    for (let i = 0; i < n; i += C) {
      for (let c = 0; c < C; c++) {
        const g = dy[i + c];
        sdy[c] += g;
        sdyx[c] += g * (x[i + c] - mean[c]);
      }
    }
  }
  const dScale = new Float32Array(C);
  const dOffset = new Float32Array(C);
  const k1 = new Float64Array(C);
  const k2 = new Float64Array(C);
  const k3 = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const r = 1 / Math.sqrt(variance[c] + epsilon);
    const s = scale ? scale[c] : 1;
    const dBeta = sdy[c];
    const dGamma = sdyx[c] * r;
    dOffset[c] = dBeta;
    dScale[c] = dGamma;
    // dx = k1·dy + k2·(x − mean) + k3, the closed form expanded per channel.
    const sr = s * r;
    k1[c] = sr;
    k2[c] = M > 0 ? -sr * r * dGamma / M : 0;
    k3[c] = M > 0 ? -sr * dBeta / M : 0;
  }
  if (C === 1) {
    const a = k1[0], b = k2[0], d = k3[0], m0 = mean[0];
    for (let i = 0; i < n; i++) dx[i] = a * dy[i] + b * (x[i] - m0) + d;
  } else {
    for (let i = 0; i < n; i += C) {
      for (let c = 0; c < C; c++) {
        dx[i + c] = k1[c] * dy[i + c] + k2[c] * (x[i + c] - mean[c]) + k3[c];
      }
    }
  }
  return { dScale, dOffset };
}
