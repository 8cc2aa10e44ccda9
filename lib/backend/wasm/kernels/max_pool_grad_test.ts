import * as tf from "@tensorflow/tfjs";
import { assertEquals } from "@std/assert";
import { setupWasmBackend } from "../setup_wasm_backend.ts";
import { randomArray } from "../_testing.ts";
import { maxPoolGradImpl } from "./_max_pool_grad_impl.ts";

await setupWasmBackend();

Deno.test("maxPoolGrad() gives the JS result on the SIMD and JS routes", async (t) => {
  for (const [n, h, w, c] of [[2, 9, 7, 8], [2, 8, 6, 3]]) {
    await t.step(`[${n}, ${h}, ${w}, ${c}]`, () => {
      const oh = Math.floor(h / 2);
      const ow = Math.floor(w / 2);
      const x = randomArray(n * h * w * c, c, -2, 2).map((v) => Math.max(0, Math.round(v)));
      const dy = randomArray(n * oh * ow * c, 9);
      const dx = tf.tidy(() =>
        (tf.engine().runKernel("MaxPoolGrad", {
          dy: tf.tensor4d(dy, [n, oh, ow, c]),
          input: tf.tensor4d(x, [n, h, w, c]),
          output: tf.zeros([n, oh, ow, c]),
        }, { filterSize: 2, strides: 2, pad: "valid" }) as tf.Tensor).dataSync()
      );
      const expected = new Float32Array(x.length);
      maxPoolGradImpl(x, dy, {
        batch: n,
        inHeight: h,
        inWidth: w,
        channels: c,
        outHeight: oh,
        outWidth: ow,
        filterHeight: 2,
        filterWidth: 2,
        strideHeight: 2,
        strideWidth: 2,
        padTop: 0,
        padLeft: 0,
      }, expected);
      assertEquals(Array.from(dx), Array.from(expected));
    });
  }
});
