/**
 * Typed-array maths of reductions over the leading axes of a row-major
 * tensor, the shape of every per-channel statistic of an NHWC tensor (batch
 * norm's moments, a conv bias's gradient). tfjs-backend-wasm transposes the
 * reduced axes to the end first, which costs more than the sum itself.
 *
 * @module
 */

/**
 * `out[j] = scale · Σ_i x[i·inner + j]`, accumulated in float64.
 *
 * @param x Row-major `[outer, inner]`.
 * @param inner Length of the kept trailing block.
 * @param scale Factor applied to each sum (1 for a sum, 1/outer for a mean).
 * @param out `[inner]`.
 */
export function sumLeadingAxes(
  x: Float32Array,
  inner: number,
  scale: number,
  out: Float32Array,
): void {
  const acc = new Float64Array(inner);
  for (let i = 0; i < x.length; i += inner) {
    for (let j = 0; j < inner; j++) acc[j] += x[i + j];
  }
  for (let j = 0; j < inner; j++) out[j] = acc[j] * scale;
}
