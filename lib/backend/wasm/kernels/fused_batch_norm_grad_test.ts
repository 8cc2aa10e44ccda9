import * as tf from "@tensorflow/tfjs";
import { assertLessOrEqual, assertThrows } from "@std/assert";
import { setupWasmBackend } from "../setup_wasm_backend.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { fusedBatchNormGradImpl } from "./_fused_batch_norm_grad_impl.ts";
import { FUSED_BATCH_NORM_GRAD } from "./fused_batch_norm_grad.ts";

await setupWasmBackend();

Deno.test("fusedBatchNormGrad() returns the five partial gradients", () => {
  const [rows, channels] = [30, 5];
  const x = randomArray(rows * channels, 1, -2, 3);
  const dy = randomArray(rows * channels, 2);
  const [mean, variance, scale] = [
    randomArray(channels, 3),
    randomArray(channels, 4, 0.5, 2),
    randomArray(channels, 5),
  ];
  const actual = tf.tidy(() =>
    (tf.engine().runKernel(FUSED_BATCH_NORM_GRAD, {
      x: tf.tensor2d(x, [rows, channels]),
      dy: tf.tensor2d(dy, [rows, channels]),
      mean: tf.tensor1d(mean),
      variance: tf.tensor1d(variance),
      scale: tf.tensor1d(scale),
    }, { varianceEpsilon: 1e-3 }) as tf.Tensor[]).map((t) => t.dataSync())
  );
  const out = {
    dx: new Float32Array(x.length),
    dMean: new Float32Array(channels),
    dVariance: new Float32Array(channels),
    dScale: new Float32Array(channels),
    dOffset: new Float32Array(channels),
  };
  fusedBatchNormGradImpl(x, dy, mean, variance, scale, 1e-3, out);
  const expected = [out.dx, out.dMean, out.dVariance, out.dScale, out.dOffset];
  for (let i = 0; i < 5; i++) assertLessOrEqual(relativeError(actual[i], expected[i]), 1e-6);
});

Deno.test("fusedBatchNormGrad() rejects statistics that are not per channel", () => {
  tf.tidy(() => {
    assertThrows(
      () =>
        tf.engine().runKernel(FUSED_BATCH_NORM_GRAD, {
          x: tf.zeros([4, 3]),
          dy: tf.zeros([4, 3]),
          mean: tf.zeros([1, 3]),
          variance: tf.ones([3]),
        }, { varianceEpsilon: 1e-3 }),
      RangeError,
      "mean must have shape [3]: current shape is [1,3]",
    );
  });
});
