import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertLessOrEqual } from "@std/assert";
import { testOnEachBackend } from "./_backends_testing.ts";
import { BATCH_NORM_TRAINING } from "./_batch_norm_training.ts";
import { randomArray, relativeError } from "./_testing.ts";

/** The fused kernel's gradients through the tape equal tfjs's composite moments + batchNorm. */
async function assertGradients(backend: string): Promise<void> {
  await tf.setBackend(backend);
  const [rows, channels] = [40, 4];
  const x = tf.tensor2d(randomArray(rows * channels, 1, -2, 3), [rows, channels]);
  const weights = tf.tensor2d(randomArray(rows * channels, 2), [rows, channels]);
  const scale = tf.tensor1d(randomArray(channels, 3, 0.5, 1.5));
  const offset = tf.tensor1d(randomArray(channels, 4));
  const fused = (xs: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
    (tf.engine().runKernel(BATCH_NORM_TRAINING, { x: xs, scale: s, offset: o }, {
      varianceEpsilon: 1e-3,
    }) as tf.Tensor[])[0].mul(weights).sum();
  const composite = (xs: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => {
    const { mean, variance } = tf.moments(xs, [0]);
    return tf.batchNorm(xs, mean, variance, o as tf.Tensor1D, s as tf.Tensor1D, 1e-3).mul(weights)
      .sum();
  };
  const actual = tf.grads(fused)([x, scale, offset]);
  const expected = tf.grads(composite)([x, scale, offset]);
  assertEquals(actual.length, 3);
  for (let i = 0; i < 3; i++) {
    assertLessOrEqual(relativeError(actual[i].dataSync(), expected[i].dataSync()), 1e-4);
  }
  tf.dispose([x, weights, scale, offset, ...actual, ...expected]);
}

testOnEachBackend(
  "batchNormTrainingGradientConfig gives the gradients of x, scale and offset only",
  assertGradients,
);
