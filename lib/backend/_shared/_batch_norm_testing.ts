/**
 * Training-mode batch norm by definition, in float64, for both backends'
 * batch-norm tests: the forward pass, the batch moments, and central
 * differences of `Σ w·y` for the gradients.
 *
 * @module
 */

/** Mean and biased variance of each channel of an [M, C] array, straight from their definition. */
export function batchMomentsReference(
  x: ArrayLike<number>,
  channels: number,
): { mean: Float64Array; variance: Float64Array } {
  const rows = x.length / channels;
  const mean = new Float64Array(channels), variance = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    for (let r = 0; r < rows; r++) mean[c] += x[r * channels + c] / rows;
    for (let r = 0; r < rows; r++) variance[c] += (x[r * channels + c] - mean[c]) ** 2 / rows;
  }
  return { mean, variance };
}

/** y = (x − mean_B)/√(var_B + ε)·scale + offset with the batch's own moments. */
export function batchNormReference(
  x: ArrayLike<number>,
  scale: ArrayLike<number>,
  offset: ArrayLike<number>,
  epsilon: number,
): Float64Array {
  const channels = scale.length;
  const { mean, variance } = batchMomentsReference(x, channels);
  return Float64Array.from(x, (v, i) => {
    const c = i % channels;
    return (v - mean[c]) / Math.sqrt(variance[c] + epsilon) * scale[c] + offset[c];
  });
}

/**
 * The gradient of `loss` with respect to every element of every input, by
 * central differences (step 1e-5) in float64.
 */
export function centralDifferences(
  loss: (inputs: Float64Array[]) => number,
  inputs: ArrayLike<number>[],
): Float64Array[] {
  const h = 1e-5;
  const at = inputs.map((a) => Float64Array.from(a));
  return at.map((target) =>
    target.map((keep, i) => {
      target[i] = keep + h;
      const up = loss(at);
      target[i] = keep - h;
      const down = loss(at);
      target[i] = keep;
      return (up - down) / (2 * h);
    })
  );
}

/** Σ w·y in float64. */
export function weightedSum(w: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += w[i] * y[i];
  return s;
}

/**
 * The gradients of `Σ w·batchNorm(x, scale, offset)` with respect to x,
 * scale and offset, by central differences in float64.
 */
export function batchNormNumericGradients(
  w: ArrayLike<number>,
  x: ArrayLike<number>,
  scale: ArrayLike<number>,
  offset: ArrayLike<number>,
  epsilon: number,
): { dx: Float64Array; dScale: Float64Array; dOffset: Float64Array } {
  const [dx, dScale, dOffset] = centralDifferences(
    ([xs, ss, os]) => weightedSum(w, batchNormReference(xs, ss, os, epsilon)),
    [x, scale, offset],
  );
  return { dx, dScale, dOffset };
}
