import { assertLessOrEqual } from "@std/assert";
import { normalizeCoefficients } from "../../_shared/_batch_norm_sums_impl.ts";
import {
  batchMomentsReference,
  batchNormNumericGradients,
  batchNormReference,
} from "../../_shared/_batch_norm_testing.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import {
  batchMoments,
  batchNormTrainingBackward,
  channelAffine,
} from "./_batch_norm_training_impl.ts";

const EPSILON = 1e-3;

Deno.test("batchMoments() gives each channel's mean and biased variance", () => {
  const channels = 5;
  // Large offset: the shifted float64 sums must not lose the variance.
  const x = randomArray(channels * 301, 1, 1000, 1004);
  const mean = new Float32Array(channels);
  const variance = new Float32Array(channels);
  batchMoments(x, channels, mean, variance);
  const want = batchMomentsReference(x, channels);
  for (let c = 0; c < channels; c++) {
    assertLessOrEqual(Math.abs(mean[c] - want.mean[c]) / want.mean[c], 1e-7);
    assertLessOrEqual(Math.abs(variance[c] - want.variance[c]) / want.variance[c], 1e-5);
  }
  const gain = new Float32Array(channels);
  const bias = new Float32Array(channels);
  normalizeCoefficients(mean, variance, null, null, EPSILON, gain, bias);
  const y = new Float32Array(x.length);
  channelAffine(x, gain, bias, y);
  const ones = new Float32Array(channels).fill(1);
  const expected = batchNormReference(x, ones, new Float32Array(channels), EPSILON);
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
      const want = batchNormNumericGradients(w, x, scale, offset, EPSILON);
      // With one row dx is 0 up to rounding: judge it on the scale of dy (~1).
      assertLessOrEqual(relativeError(dx, want.dx, 1e-2), 1e-4);
      assertLessOrEqual(relativeError(dScale, want.dScale), 1e-4);
      assertLessOrEqual(relativeError(dOffset, want.dOffset), 1e-4);
    });
  }
});
