import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertLessOrEqual } from "@std/assert";
import { describeConv, directFilterGrad, paddedConvGeometry } from "../../_shared/_conv_testing.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { setupWasmBackend } from "../setup_wasm_backend.ts";

await setupWasmBackend();

Deno.test("conv2DBackpropFilter() matches the direct sum on the SIMD and JS im2col routes", async (t) => {
  const cases = [
    paddedConvGeometry([3, 40, 41, 1], [3, 3, 8], [1, 1], [1, 1]), // one-channel 3x3 SIMD kernel
    paddedConvGeometry([2, 9, 10, 1], [3, 3, 4], [1, 1], [0, 0]), // the same, valid padding
    paddedConvGeometry([3, 40, 41, 4], [3, 3, 6], [1, 1], [1, 1]), // SIMD im2col, one image per chunk
    paddedConvGeometry([3, 40, 41, 1], [3, 3, 6], [1, 1], [1, 1]), // SIMD im2col, one channel (6 filters)
    paddedConvGeometry([3, 13, 11, 3], [3, 3, 5], [1, 1], [0, 0]), // JS im2col: 3 channels
    paddedConvGeometry([3, 13, 11, 4], [3, 3, 5], [2, 2], [1, 1]), // JS im2col: column stride 2
  ];
  for (const [i, g] of cases.entries()) {
    await t.step(describeConv(g), () => {
      const x = randomArray(g.batchSize * g.inHeight * g.inWidth * g.inChannels, i);
      const dy = randomArray(g.batchSize * g.outHeight * g.outWidth * g.outChannels, 10 + i);
      const dw = tf.tidy(() =>
        (tf.engine().runKernel("Conv2DBackpropFilter", {
          x: tf.tensor4d(x, [g.batchSize, g.inHeight, g.inWidth, g.inChannels]),
          dy: tf.tensor4d(dy, [g.batchSize, g.outHeight, g.outWidth, g.outChannels]),
        }, {
          strides: [g.strideHeight, g.strideWidth],
          pad: g.padTop === 0 ? "valid" : "same",
          dataFormat: "NHWC",
          filterShape: [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels],
        }) as tf.Tensor).dataSync()
      );
      assertLessOrEqual(relativeError(dw, directFilterGrad(x, dy, g)), 1e-5);
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
