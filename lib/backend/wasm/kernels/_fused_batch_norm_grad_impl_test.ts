import { assertLessOrEqual } from "@std/assert";
import { centralDifferences, weightedSum } from "../../_shared/_batch_norm_testing.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { fusedBatchNormGradImpl } from "./_fused_batch_norm_grad_impl.ts";

const EPSILON = 1e-3;

/** (x − mean) · scale / √(variance + ε) + offset in float64, statistics as inputs. */
function fusedBatchNorm([x, mean, variance, scale, offset]: Float64Array[]): Float64Array {
  const channels = mean.length;
  return x.map((v, i) => {
    const c = i % channels;
    return (v - mean[c]) * scale[c] / Math.sqrt(variance[c] + EPSILON) + offset[c];
  });
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
      const numeric = centralDifferences(
        (inputs) => weightedSum(w, fusedBatchNorm(inputs)),
        [x, mean, variance, scale, offset],
      );
      const results = [out.dx, out.dMean, out.dVariance, out.dScale, out.dOffset];
      for (let which = 0; which < 5; which++) {
        assertLessOrEqual(relativeError(results[which], numeric[which]), 1e-4, `input ${which}`);
      }
    });
  }
});
