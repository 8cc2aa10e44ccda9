import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertLessOrEqual } from "@std/assert";
import { setupWasmBackend } from "../setup_wasm_backend.ts";
import { randomArray, relativeError } from "../_testing.ts";
import { conv2dBackpropFilterReference } from "./_conv2d_backprop_filter_impl.ts";
import { describe, geometry } from "./_conv_testing.ts";

await setupWasmBackend();

Deno.test("conv2DBackpropFilter() matches the direct sum on the SIMD and JS im2col routes", async (t) => {
  const cases = [
    geometry(3, 40, 41, 4, 6, 3, 3, 1, 1, 1, 1), // SIMD im2col, one image per chunk
    geometry(3, 40, 41, 1, 6, 3, 3, 1, 1, 1, 1), // SIMD im2col, one channel
    geometry(3, 13, 11, 3, 5, 3, 3, 1, 1, 0, 0), // JS im2col: 3 channels
    geometry(3, 13, 11, 4, 5, 3, 3, 2, 2, 1, 1), // JS im2col: column stride 2
  ];
  for (const [i, g] of cases.entries()) {
    await t.step(describe(g), () => {
      const x = randomArray(g.batch * g.inHeight * g.inWidth * g.inChannels, i);
      const dy = randomArray(g.batch * g.outHeight * g.outWidth * g.outChannels, 10 + i);
      const dw = tf.tidy(() =>
        (tf.engine().runKernel("Conv2DBackpropFilter", {
          x: tf.tensor4d(x, [g.batch, g.inHeight, g.inWidth, g.inChannels]),
          dy: tf.tensor4d(dy, [g.batch, g.outHeight, g.outWidth, g.outChannels]),
        }, {
          strides: [g.strideHeight, g.strideWidth],
          pad: g.padTop === 0 ? "valid" : "same",
          dataFormat: "NHWC",
          filterShape: [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels],
        }) as tf.Tensor).dataSync()
      );
      assertLessOrEqual(relativeError(dw, conv2dBackpropFilterReference(x, dy, g)), 1e-5);
    });
  }
});

Deno.test("conv2DBackpropFilter() gives zeros for an empty batch", () => {
  const dw = tf.tidy(() =>
    (tf.engine().runKernel("Conv2DBackpropFilter", {
      x: tf.zeros([0, 4, 4, 2]),
      dy: tf.zeros([0, 4, 4, 3]),
    }, { strides: 1, pad: "same", dataFormat: "NHWC", filterShape: [3, 3, 2, 3] }) as tf.Tensor)
      .dataSync()
  );
  assertEquals(Array.from(dw), Array(54).fill(0));
});
