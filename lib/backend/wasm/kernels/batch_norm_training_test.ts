import * as tf from "@tensorflow/tfjs";
import { assertLessOrEqual } from "@std/assert";
import { setupWasmBackend } from "../setup_wasm_backend.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { normalizeCoefficients } from "../../_shared/_batch_norm_sums_impl.ts";
import { BATCH_NORM_TRAINING } from "../../_shared/_batch_norm_training.ts";
import { batchMoments, channelAffine } from "./_batch_norm_training_impl.ts";

await setupWasmBackend();

Deno.test("batchNormTraining() gives the JS result on the SIMD and JS routes", async (t) => {
  for (const [rows, channels] of [[3001, 16], [301, 3]]) {
    await t.step(`[${rows}, ${channels}]`, () => {
      const x = randomArray(rows * channels, channels, 10, 14);
      const scale = randomArray(channels, 1, 0.5, 1.5);
      const offset = randomArray(channels, 2);
      const [y, mean, variance] = tf.tidy(() =>
        (tf.engine().runKernel(BATCH_NORM_TRAINING, {
          x: tf.tensor2d(x, [rows, channels]),
          scale: tf.tensor1d(scale),
          offset: tf.tensor1d(offset),
        }, { varianceEpsilon: 1e-3 }) as tf.Tensor[]).map((r) => r.dataSync())
      );
      const m = new Float32Array(channels);
      const v = new Float32Array(channels);
      batchMoments(x, channels, m, v);
      const gain = new Float32Array(channels);
      const bias = new Float32Array(channels);
      normalizeCoefficients(m, v, scale, offset, 1e-3, gain, bias);
      const expected = new Float32Array(x.length);
      channelAffine(x, gain, bias, expected);
      assertLessOrEqual(relativeError(mean, m), 1e-6);
      assertLessOrEqual(relativeError(variance, v), 1e-4);
      assertLessOrEqual(relativeError(y, expected), 1e-4);
    });
  }
});
