import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertLessOrEqual } from "@std/assert";
import { testWith } from "../../../tests/requirements.ts";
import { randomArray, relativeError } from "../_shared/_testing.ts";
import { lazyDataCounts } from "./_lazy_data.ts";
import { nativeBackend, needsOpenBlas } from "./_testing.ts";

const X_SHAPE: [number, number, number, number] = [2, 40, 42, 3];
const F_SHAPE: [number, number, number, number] = [3, 3, 3, 8];

function fusedConv(x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  return tf.fused.conv2d({
    x: x as tf.Tensor4D,
    filter: filter as tf.Tensor4D,
    bias,
    strides: 1,
    pad: "same",
  });
}

testWith(
  "native Conv2DBackpropInput: a data input's gradient nobody reads is never computed, and its pins are freed",
  needsOpenBlas(),
  async () => {
    await tf.setBackend(nativeBackend(2));
    const x = tf.tensor(randomArray(2 * 40 * 42 * 3, 1), X_SHAPE);
    const filter = tf.variable(tf.tensor(randomArray(3 * 3 * 3 * 8, 2), F_SHAPE));
    const bias = tf.variable(tf.tensor1d(randomArray(8, 3)));
    const before = lazyDataCounts();
    const tensors = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => fusedConv(x, filter, bias).square().mean());
    const after = lazyDataCounts();
    assertEquals(after.created - before.created, 1);
    assertEquals(after.computed - before.computed, 0);
    assertEquals(after.droppedUnread - before.droppedUnread, 1);
    tf.dispose([value, ...Object.values(grads)]);
    assertEquals(tf.memory().numTensors, tensors);
    tf.dispose([x, filter, bias]);
  },
);

testWith(
  "native Conv2DBackpropInput: a lazy gradient read after its inputs were disposed and their memory reused is right",
  needsOpenBlas(),
  async () => {
    const run = () => {
      const x = tf.tensor(randomArray(2 * 40 * 42 * 3, 4), X_SHAPE);
      const filter = tf.tensor(randomArray(3 * 3 * 3 * 8, 5), F_SHAPE);
      const bias = tf.tensor1d(randomArray(8, 6));
      const dy = tf.tensor(randomArray(2 * 40 * 42 * 8, 7), [2, 40, 42, 8]);
      const dx = tf.grad((a: tf.Tensor) => fusedConv(a, filter, bias).mul(dy).sum())(x);
      tf.dispose([x, filter, bias, dy]);
      // Same-sized work that would take the freed arrays from the pool.
      for (let i = 0; i < 3; i++) {
        tf.tidy(() =>
          tf.tensor(randomArray(2 * 40 * 42 * 8, 8 + i), [2, 40, 42, 8]).mul(2).dataSync()
        );
      }
      const values = dx.dataSync().slice();
      dx.dispose();
      return values;
    };
    await tf.setBackend("cpu");
    const want = run();
    await tf.setBackend(nativeBackend(2));
    const before = lazyDataCounts();
    const got = run();
    assertEquals(lazyDataCounts().computed - before.computed, 1);
    assertLessOrEqual(relativeError(got, want), 1e-5);
  },
);
