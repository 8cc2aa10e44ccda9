import * as tf from "@tensorflow/tfjs";
import { assert, assertLessOrEqual } from "@std/assert";
import { testWith } from "../../../../tests/requirements.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { convGeometry } from "../../_shared/_conv_testing.ts";
import { nativeBackend, needsOpenBlas } from "../_testing.ts";
import { isMono3x3 } from "./_mono_conv.ts";

Deno.test("isMono3x3() takes one-channel 3×3 stride-1 convolutions with outChannels % 4 = 0 only", () => {
  assert(isMono3x3(convGeometry([2, 9, 7, 1], [3, 3, 8], [1, 1], "same")));
  assert(isMono3x3(convGeometry([2, 9, 7, 1], [3, 3, 4], [1, 1], "valid")));
  assert(!isMono3x3(convGeometry([2, 9, 7, 1], [3, 3, 6], [1, 1], "same")));
  assert(!isMono3x3(convGeometry([2, 9, 7, 2], [3, 3, 8], [1, 1], "same")));
  assert(!isMono3x3(convGeometry([2, 9, 7, 1], [3, 3, 8], [2, 2], "same")));
  assert(!isMono3x3(convGeometry([2, 9, 7, 1], [5, 5, 8], [1, 1], "same")));
});

testWith(
  "native first-layer convolution (one channel, 3×3): output, filter and bias gradients equal the cpu backend's",
  needsOpenBlas(),
  async () => {
    const run = (pad: "same" | "valid", training: boolean) => {
      // 3 × 48 × 50 × 8 outputs: large enough for the heap and the threads.
      const x = tf.tensor(randomArray(3 * 48 * 50, 1, -2, 2), [3, 48, 50, 1]);
      const filter = tf.tensor(randomArray(72, 2), [3, 3, 1, 8]);
      const bias = tf.tensor1d(randomArray(8, 3));
      const conv = (f: tf.Tensor, b: tf.Tensor) =>
        tf.fused.conv2d({
          x: x as tf.Tensor4D,
          filter: f as tf.Tensor4D,
          bias: b,
          strides: 1,
          pad,
        });
      const y = conv(filter, bias);
      const dy = tf.tensor(randomArray(y.size, 4), y.shape);
      const values = [Array.from(y.dataSync())];
      if (training) {
        const [df, db] = tf.grads((f: tf.Tensor, b: tf.Tensor) => conv(f, b).mul(dy).sum())([
          filter,
          bias,
        ]);
        values.push(Array.from(df.dataSync()), Array.from(db.dataSync()));
      }
      tf.dispose([x, filter, bias, y, dy]);
      return values;
    };
    const native = nativeBackend(2); // registered first: it also quiets the cpu backend's banner
    for (const pad of ["same", "valid"] as const) {
      for (const training of [false, true]) {
        await tf.setBackend("cpu");
        const want = run(pad, training);
        await tf.setBackend(native);
        const got = run(pad, training);
        for (const [i, w] of want.entries()) {
          assertLessOrEqual(
            relativeError(Float32Array.from(got[i]), Float32Array.from(w)),
            1e-5,
            `${pad}, ${training ? "training" : "inference"}, output ${i}`,
          );
        }
      }
    }
  },
);
