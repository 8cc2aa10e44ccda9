import { assertLessOrEqual } from "@std/assert";
import {
  batchMomentsReference,
  batchNormNumericGradients,
  batchNormReference,
} from "../../_shared/_batch_norm_testing.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import {
  batchMomentsImpl,
  batchNormApplyImpl,
  batchNormTrainingGradImpl,
} from "./_batch_norm_training_impl.ts";

const M = 37, C = 5;

Deno.test("batchMomentsImpl() and batchNormApplyImpl() give the batch's mean, variance and normalisation", () => {
  // A large common offset: the shifted float64 sums must not lose the variance.
  const x = randomArray(M * C, 1, 999, 1001);
  const { mean, variance } = batchMomentsImpl(x, C);
  const want = batchMomentsReference(x, C);
  for (let c = 0; c < C; c++) {
    assertLessOrEqual(Math.abs(mean[c] - want.mean[c]) / want.mean[c], 1e-7);
    assertLessOrEqual(Math.abs(variance[c] - want.variance[c]) / want.variance[c], 1e-4);
  }
  const y = new Float32Array(x.length);
  batchNormApplyImpl(x, mean, variance, null, null, 0, y);
  const ones = new Float32Array(C).fill(1);
  assertLessOrEqual(relativeError(y, batchNormReference(x, ones, new Float32Array(C), 0)), 1e-3);
  const again = batchMomentsImpl(y, C);
  // The mean should be 0: judged on the scale of the normalised values (1).
  assertLessOrEqual(relativeError(again.mean, new Float32Array(C), 1), 1e-4);
  assertLessOrEqual(relativeError(again.variance, ones), 1e-4);
});

Deno.test("batchNormTrainingGradImpl() matches central differences of the loss", () => {
  const eps = 1e-3;
  const x = randomArray(M * C, 2, -1.7, 2.3);
  const scale = randomArray(C, 3, 0.5, 2.5);
  const offset = randomArray(C, 4);
  const w = randomArray(M * C, 5);
  const { mean, variance } = batchMomentsImpl(x, C);
  const dx = new Float32Array(x.length);
  const { dScale, dOffset } = batchNormTrainingGradImpl(w, x, scale, mean, variance, eps, dx);
  const want = batchNormNumericGradients(w, x, scale, offset, eps);
  assertLessOrEqual(relativeError(dx, want.dx), 1e-4);
  assertLessOrEqual(relativeError(dScale, want.dScale), 1e-4);
  assertLessOrEqual(relativeError(dOffset, want.dOffset), 1e-4);
});
