import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertLessOrEqual } from "@std/assert";
import { describeConv, directInputGrad, paddedConvGeometry } from "../../_shared/_conv_testing.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { setupWasmBackend } from "../setup_wasm_backend.ts";

await setupWasmBackend();

Deno.test("conv2DBackpropInput() matches the direct sum on the convolution and GEMM routes", async (t) => {
  const cases = [
    paddedConvGeometry([3, 9, 11, 4], [3, 3, 6], [1, 1], [1, 1]), // convolution route
    paddedConvGeometry([3, 9, 11, 8], [3, 3, 6], [1, 1], [0, 0]), // convolution route, valid
    paddedConvGeometry([3, 40, 41, 1], [3, 3, 6], [1, 1], [1, 1]), // GEMM route: one channel, several chunks
    paddedConvGeometry([3, 9, 11, 4], [3, 3, 5], [2, 2], [1, 1]), // GEMM route: stride 2
  ];
  for (const [i, g] of cases.entries()) {
    await t.step(describeConv(g), () => {
      const w = randomArray(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels, i);
      const dy = randomArray(g.batchSize * g.outHeight * g.outWidth * g.outChannels, 10 + i);
      const dx = tf.tidy(() =>
        (tf.engine().runKernel("Conv2DBackpropInput", {
          dy: tf.tensor4d(dy, [g.batchSize, g.outHeight, g.outWidth, g.outChannels]),
          filter: tf.tensor4d(w, [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels]),
        }, {
          strides: [g.strideHeight, g.strideWidth],
          pad: g.padTop === 0 ? "valid" : "same",
          dataFormat: "NHWC",
          inputShape: [g.batchSize, g.inHeight, g.inWidth, g.inChannels],
        }) as tf.Tensor).dataSync()
      );
      assertLessOrEqual(relativeError(dx, directInputGrad(dy, w, g)), 1e-5);
    });
  }
});

Deno.test("conv2DBackpropInput() gives zeros for an empty batch", () => {
  const dx = tf.tidy(() =>
    (tf.engine().runKernel("Conv2DBackpropInput", {
      dy: tf.zeros([0, 4, 4, 3]),
      filter: tf.ones([3, 3, 2, 3]),
    }, { strides: 1, pad: "same", dataFormat: "NHWC", inputShape: [0, 4, 4, 2] }) as tf.Tensor)
      .dataSync()
  );
  assertEquals(dx.length, 0);
});
