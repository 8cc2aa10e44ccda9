import { assertLessOrEqual } from "@std/assert";
import { randomValues, relErr } from "../_testing.ts";
import {
  batchMomentsImpl,
  batchNormApplyImpl,
  batchNormTrainingGradImpl,
} from "./_batch_norm_training_impl.ts";

const M = 37, C = 5;

/** Loss Σ y·w of training-mode batch norm, in float64. */
function loss(
  x: Float64Array,
  scale: Float64Array,
  offset: Float64Array,
  w: Float32Array,
  eps: number,
) {
  let total = 0;
  for (let c = 0; c < C; c++) {
    let mean = 0, v = 0;
    for (let r = 0; r < M; r++) mean += x[r * C + c] / M;
    for (let r = 0; r < M; r++) v += (x[r * C + c] - mean) ** 2 / M;
    for (let r = 0; r < M; r++) {
      total += ((x[r * C + c] - mean) / Math.sqrt(v + eps) * scale[c] + offset[c]) * w[r * C + c];
    }
  }
  return total;
}

Deno.test("batchMomentsImpl() and batchNormApplyImpl() give the batch's mean, variance and normalisation", () => {
  // A large common offset: the shifted float64 sums must not lose the variance.
  const x = randomValues(M * C, 1).map((v) => 1000 + v);
  const { mean, variance } = batchMomentsImpl(x, C);
  for (let c = 0; c < C; c++) {
    let m = 0, v = 0;
    for (let r = 0; r < M; r++) m += x[r * C + c] / M;
    for (let r = 0; r < M; r++) v += (x[r * C + c] - m) ** 2 / M;
    assertLessOrEqual(Math.abs(mean[c] - m) / m, 1e-7);
    assertLessOrEqual(Math.abs(variance[c] - v) / v, 1e-4);
  }
  const y = new Float32Array(x.length);
  batchNormApplyImpl(x, mean, variance, null, null, 0, y);
  const again = batchMomentsImpl(y, C);
  assertLessOrEqual(relErr(again.mean, new Float32Array(C)), 1e-4);
  assertLessOrEqual(relErr(again.variance, new Float32Array(C).fill(1)), 1e-4);
});

Deno.test("batchNormTrainingGradImpl() matches central differences of the loss", () => {
  const eps = 1e-3;
  const x = randomValues(M * C, 2).map((v) => 2 * v + 0.3);
  const scale = randomValues(C, 3).map((v) => v + 1.5);
  const offset = randomValues(C, 4);
  const w = randomValues(M * C, 5);
  const { mean, variance } = batchMomentsImpl(x, C);
  const dx = new Float32Array(x.length);
  const { dScale, dOffset } = batchNormTrainingGradImpl(w, x, scale, mean, variance, eps, dx);
  const x64 = Float64Array.from(x), s64 = Float64Array.from(scale), o64 = Float64Array.from(offset);
  const h = 1e-4;
  const numeric = (arr: Float64Array, i: number) => {
    const keep = arr[i];
    arr[i] = keep + h;
    const up = loss(x64, s64, o64, w, eps);
    arr[i] = keep - h;
    const down = loss(x64, s64, o64, w, eps);
    arr[i] = keep;
    return (up - down) / (2 * h);
  };
  const wantDx = Float64Array.from(x64, (_, i) => numeric(x64, i));
  const wantScale = Float64Array.from(s64, (_, i) => numeric(s64, i));
  const wantOffset = Float64Array.from(o64, (_, i) => numeric(o64, i));
  assertLessOrEqual(relErr(dx, wantDx), 1e-4);
  assertLessOrEqual(relErr(dScale, wantScale), 1e-4);
  assertLessOrEqual(relErr(dOffset, wantOffset), 1e-4);
});
