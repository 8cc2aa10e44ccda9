import * as tf from "@tensorflow/tfjs";
import { assertLessOrEqual, assertThrows } from "@std/assert";
import { setupWasmBackend } from "../setup_wasm_backend.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { batchMoments, batchNormTrainingBackward } from "./_batch_norm_training_impl.ts";
import { BATCH_NORM_TRAINING_GRAD } from "../../_shared/_batch_norm_training.ts";

await setupWasmBackend();

Deno.test("batchNormTrainingGrad() gives the JS result on the SIMD and JS routes", async (t) => {
  for (const [rows, channels] of [[3001, 16], [301, 3]]) {
    await t.step(`[${rows}, ${channels}]`, () => {
      const x = randomArray(rows * channels, channels, -2, 3);
      const dy = randomArray(rows * channels, 5);
      const scale = randomArray(channels, 1, 0.5, 1.5);
      const mean = new Float32Array(channels);
      const variance = new Float32Array(channels);
      batchMoments(x, channels, mean, variance);
      const [dx, dScale, dOffset] = tf.tidy(() =>
        (tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, {
          dy: tf.tensor2d(dy, [rows, channels]),
          x: tf.tensor2d(x, [rows, channels]),
          scale: tf.tensor1d(scale),
          mean: tf.tensor1d(mean),
          variance: tf.tensor1d(variance),
        }, { varianceEpsilon: 1e-3 }) as tf.Tensor[]).map((r) => r.dataSync())
      );
      const expected = [
        new Float32Array(x.length),
        new Float32Array(channels),
        new Float32Array(channels),
      ];
      batchNormTrainingBackward(
        dy,
        x,
        scale,
        mean,
        variance,
        1e-3,
        ...expected as [Float32Array, Float32Array, Float32Array],
      );
      assertLessOrEqual(relativeError(dx, expected[0]), 1e-4);
      assertLessOrEqual(relativeError(dScale, expected[1]), 1e-4);
      assertLessOrEqual(relativeError(dOffset, expected[2]), 1e-4);
    });
  }
});

Deno.test("batchNormTrainingGrad() rejects a dy of another shape", () => {
  tf.tidy(() => {
    assertThrows(
      () =>
        tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, {
          dy: tf.zeros([2, 3]),
          x: tf.zeros([3, 3]),
          scale: tf.ones([3]),
          mean: tf.zeros([3]),
          variance: tf.ones([3]),
        }, { varianceEpsilon: 1e-3 }),
      RangeError,
      "dy must be float32 of shape [3,3]: current value is float32 [2,3]",
    );
  });
});
