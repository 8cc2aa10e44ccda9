import * as tf from "@tensorflow/tfjs";
import { assert, assertLessOrEqual } from "@std/assert";
import { testWith } from "../../../../tests/requirements.ts";
import { randomArray } from "../../_shared/_testing.ts";
import { nativeBackend, needsOpenBlas } from "../_testing.ts";

testWith(
  "native Sum and Mean over N, H, W of batch norm's dx (a conv bias gradient) equal the sums of its values",
  needsOpenBlas(),
  async () => {
    await tf.setBackend(nativeBackend(2));
    const shape: [number, number, number, number] = [4, 48, 50, 16];
    const size = shape.reduce((a, b) => a * b);
    const layer = tf.layers.batchNormalization();
    const x = tf.tensor(randomArray(size, 1), shape).mul(2).add(1);
    const dy = tf.tensor(randomArray(size, 2), shape);
    const dx = tf.grad((a: tf.Tensor) =>
      (layer.apply(a, { training: true }) as tf.Tensor).mul(dy).sum()
    )(x);
    const values = dx.dataSync();
    const sums = new Float64Array(16), magnitude = new Float64Array(16);
    for (let i = 0; i < values.length; i++) {
      sums[i % 16] += values[i];
      magnitude[i % 16] += Math.abs(values[i]);
    }
    const sum = tf.sum(dx, [0, 1, 2]).dataSync();
    const mean = tf.mean(dx, [0, 1, 2]).dataSync();
    for (let c = 0; c < 16; c++) {
      assert(magnitude[c] > 1, `channel ${c}: dx is not all ~0`);
      // Float32 rounding of the result only; a sum of anything but these values would be far off.
      const tolerance = 1e-7 * magnitude[c];
      assertLessOrEqual(Math.abs(sum[c] - sums[c]), tolerance, `sum, channel ${c}`);
      assertLessOrEqual(
        Math.abs(mean[c] - sums[c] / (size / 16)),
        tolerance / (size / 16),
        `mean, channel ${c}`,
      );
    }
    tf.dispose([x, dy, dx]);
  },
);
