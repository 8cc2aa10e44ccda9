import * as tf from "@tensorflow/tfjs";
import { assertEquals } from "@std/assert";
import { maxPoolGradReference, poolGeometry } from "../../_shared/_pool_testing.ts";
import { randomArray } from "../../_shared/_testing.ts";
import { setupWasmBackend } from "../setup_wasm_backend.ts";

await setupWasmBackend();

Deno.test("maxPoolGrad() gives the definition's result on the SIMD and JS routes", async (t) => {
  const cases: [number[], "valid" | "same"][] = [
    [[2, 9, 7, 8], "valid"], // SIMD
    [[2, 8, 6, 3], "valid"], // JS: 3 channels
    [[2, 9, 7, 8], "same"], // JS: padded below and right
  ];
  for (const [[n, h, w, c], pad] of cases) {
    await t.step(`[${n}, ${h}, ${w}, ${c}] ${pad}`, () => {
      const g = poolGeometry(
        [n, h, w, c],
        2,
        2,
        pad === "same" ? [0, 0, (2 * Math.ceil(h / 2)) - h, (2 * Math.ceil(w / 2)) - w] : [0, 0],
      );
      const x = randomArray(n * h * w * c, c, -2, 2).map((v) => Math.max(0, Math.round(v)));
      const dy = randomArray(g.batchSize * g.outHeight * g.outWidth * c, 9);
      const dx = tf.tidy(() =>
        (tf.engine().runKernel("MaxPoolGrad", {
          dy: tf.tensor4d(dy, [n, g.outHeight, g.outWidth, c]),
          input: tf.tensor4d(x, [n, h, w, c]),
          output: tf.zeros([n, g.outHeight, g.outWidth, c]),
        }, { filterSize: 2, strides: 2, pad }) as tf.Tensor).dataSync()
      );
      assertEquals(Array.from(dx), Array.from(maxPoolGradReference(dy, x, g)));
    });
  }
});
