import { assertLessOrEqual } from "@std/assert";
import { randomArray, relativeError } from "../_testing.ts";
import { fusedBatchNormGradImpl } from "./_fused_batch_norm_grad_impl.ts";

const EPSILON = 1e-3;

/** Σ w · ((x − mean) · scale / √(variance + ε) + offset) in float64, statistics as inputs. */
function loss(w: Float32Array, inputs: Float64Array[]): number {
  const [x, mean, variance, scale, offset] = inputs;
  const channels = mean.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    s += w[i] * ((x[i] - mean[c]) * scale[c] / Math.sqrt(variance[c] + EPSILON) + offset[c]);
  }
  return s;
}

Deno.test("fusedBatchNormGradImpl() matches central differences for every input", async (t) => {
  for (const [rows, channels] of [[6, 3], [5, 8]]) {
    await t.step(`[${rows}, ${channels}]`, () => {
      const x = randomArray(rows * channels, 1, -2, 3);
      const mean = randomArray(channels, 2);
      const variance = randomArray(channels, 3, 0.5, 2);
      const scale = randomArray(channels, 4, 0.5, 1.5);
      const offset = randomArray(channels, 5);
      const w = randomArray(rows * channels, 6);
      const out = {
        dx: new Float32Array(x.length),
        dMean: new Float32Array(channels),
        dVariance: new Float32Array(channels),
        dScale: new Float32Array(channels),
        dOffset: new Float32Array(channels),
      };
      fusedBatchNormGradImpl(x, w, mean, variance, scale, EPSILON, out);
      const inputs = [x, mean, variance, scale, offset].map((a) => Float64Array.from(a));
      const h = 1e-5;
      const numeric = (which: number) =>
        inputs[which].map((_, i) => {
          const plus = inputs.map((a) => a.slice());
          const minus = inputs.map((a) => a.slice());
          plus[which][i] += h;
          minus[which][i] -= h;
          return (loss(w, plus) - loss(w, minus)) / (2 * h);
        });
      const results = [out.dx, out.dMean, out.dVariance, out.dScale, out.dOffset];
      for (let which = 0; which < 5; which++) {
        assertLessOrEqual(relativeError(results[which], numeric(which)), 1e-4, `input ${which}`);
      }
    });
  }
});
