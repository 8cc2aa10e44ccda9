import * as tf from "@tensorflow/tfjs";
import { assertLessOrEqual } from "@std/assert";
import { setupWasmBackend } from "../setup_wasm_backend.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";

await setupWasmBackend();

/** The definition, in float64. */
function expected(
  x: Float32Array,
  m: Float32Array,
  v: Float32Array,
  o: Float32Array,
  s: Float32Array,
) {
  const c = m.length;
  return x.map((value, i) => (value - m[i % c]) * s[i % c] / Math.sqrt(v[i % c] + 1e-3) + o[i % c]);
}

Deno.test("fusedBatchNorm() normalises on the SIMD route and the stock one", async (t) => {
  for (const [rows, channels] of [[50, 8], [50, 3]]) {
    await t.step(`[${rows}, ${channels}]`, () => {
      const x = randomArray(rows * channels, 1, -2, 3);
      const [m, v, o, s] = [
        randomArray(channels, 2),
        randomArray(channels, 3, 0.5, 2),
        randomArray(channels, 4),
        randomArray(channels, 5),
      ];
      const y = tf.tidy(() =>
        tf.batchNorm(
          tf.tensor2d(x, [rows, channels]),
          tf.tensor1d(m),
          tf.tensor1d(v),
          tf.tensor1d(o),
          tf.tensor1d(s),
          1e-3,
        ).dataSync()
      );
      assertLessOrEqual(relativeError(y, expected(x, m, v, o, s)), 1e-5);
    });
  }
});
