import { assertLessOrEqual } from "@std/assert";
import { randomArray, relativeError } from "../_testing.ts";
import {
  batchMoments,
  batchNormTrainingBackward,
  channelAffine,
  normalizeCoefficients,
} from "./_batch_norm_training_impl.ts";

const EPSILON = 1e-3;

/** Training batch norm in float64, straight from its definition. */
function forward(x: Float64Array, scale: Float64Array, offset: Float64Array): Float64Array {
  const channels = scale.length;
  const rows = x.length / channels;
  const y = new Float64Array(x.length);
  for (let c = 0; c < channels; c++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += x[r * channels + c] / rows;
    let variance = 0;
    for (let r = 0; r < rows; r++) variance += (x[r * channels + c] - mean) ** 2 / rows;
    for (let r = 0; r < rows; r++) {
      const i = r * channels + c;
      y[i] = (x[i] - mean) / Math.sqrt(variance + EPSILON) * scale[c] + offset[c];
    }
  }
  return y;
}

function loss(w: Float32Array, x: Float64Array, scale: Float64Array, offset: Float64Array): number {
  const y = forward(x, scale, offset);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += w[i] * y[i];
  return s;
}

/** Central differences of the loss along every element of `which`. */
function numericGradient(
  w: Float32Array,
  inputs: [Float64Array, Float64Array, Float64Array],
  which: 0 | 1 | 2,
): Float64Array {
  const h = 1e-5;
  const target = inputs[which];
  return target.map((_, i) => {
    const plus = inputs.map((a) => a.slice()) as typeof inputs;
    const minus = inputs.map((a) => a.slice()) as typeof inputs;
    plus[which][i] += h;
    minus[which][i] -= h;
    return (loss(w, ...plus) - loss(w, ...minus)) / (2 * h);
  });
}

Deno.test("batchMoments() gives each channel's mean and biased variance", () => {
  const channels = 5;
  // Large offset: the shifted float64 sums must not lose the variance.
  const x = randomArray(channels * 301, 1, 1000, 1004);
  const mean = new Float32Array(channels);
  const variance = new Float32Array(channels);
  batchMoments(x, channels, mean, variance);
  const expected = forward(
    Float64Array.from(x),
    new Float64Array(channels).fill(1),
    new Float64Array(channels),
  );
  for (let c = 0; c < channels; c++) {
    let m = 0;
    for (let r = 0; r < 301; r++) m += x[r * channels + c] / 301;
    let v = 0;
    for (let r = 0; r < 301; r++) v += (x[r * channels + c] - m) ** 2 / 301;
    assertLessOrEqual(Math.abs(mean[c] - m) / m, 1e-7);
    assertLessOrEqual(Math.abs(variance[c] - v) / v, 1e-5);
  }
  const gain = new Float32Array(channels);
  const bias = new Float32Array(channels);
  normalizeCoefficients(mean, variance, null, null, EPSILON, gain, bias);
  const y = new Float32Array(x.length);
  channelAffine(x, gain, bias, y);
  assertLessOrEqual(relativeError(y, expected), 1e-3);
});

Deno.test("batchNormTrainingBackward() matches central differences of the forward pass", async (t) => {
  for (const [rows, channels] of [[6, 3], [10, 4], [1, 2]]) {
    await t.step(`[${rows}, ${channels}]`, () => {
      const x = randomArray(rows * channels, rows, -2, 3);
      const scale = randomArray(channels, 2, 0.5, 1.5);
      const offset = randomArray(channels, 3);
      const w = randomArray(rows * channels, 4);
      const mean = new Float32Array(channels);
      const variance = new Float32Array(channels);
      batchMoments(x, channels, mean, variance);
      const dx = new Float32Array(x.length);
      const dScale = new Float32Array(channels);
      const dOffset = new Float32Array(channels);
      batchNormTrainingBackward(w, x, scale, mean, variance, EPSILON, dx, dScale, dOffset);
      const inputs: [Float64Array, Float64Array, Float64Array] = [
        Float64Array.from(x),
        Float64Array.from(scale),
        Float64Array.from(offset),
      ];
      // With one row dx is 0 up to rounding: judge it on the scale of dy (~1).
      assertLessOrEqual(relativeError(dx, numericGradient(w, inputs, 0), 1e-2), 1e-4);
      assertLessOrEqual(relativeError(dScale, numericGradient(w, inputs, 1)), 1e-4);
      assertLessOrEqual(relativeError(dOffset, numericGradient(w, inputs, 2)), 1e-4);
    });
  }
});
