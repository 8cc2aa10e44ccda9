import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertLessOrEqual, assertThrows } from "@std/assert";
import { testWith } from "../../../tests/requirements.ts";
import { buildSeedCnn } from "../../model/mod.ts";
import { randomArray, relativeError } from "../_shared/_testing.ts";
import { needsOpenBlas } from "./_testing.ts";
import { registerNativeBackend } from "./register_native_backend.ts";

const INPUT: [number, number, number] = [64, 66, 1];
const WIDTHS = [8, 16, 16, 16];
const BATCH = 8;

function batch(seed: number): [tf.Tensor4D, tf.Tensor2D] {
  const x = tf.tensor4d(randomArray(BATCH * INPUT[0] * INPUT[1], seed), [BATCH, ...INPUT]);
  const labels = Array.from({ length: BATCH }, (_, i) => (i * 3 + seed) % 8);
  return [x, tf.oneHot(tf.tensor1d(labels, "int32"), 8) as tf.Tensor2D];
}

/** Losses of `steps` training steps of the seed CNN (no dropout) on `backend`. */
async function lossCurve(backend: string, steps: number): Promise<number[]> {
  await tf.setBackend(backend);
  const model = buildSeedCnn({ widths: WIDTHS, inputShape: INPUT, seed: 7, dropout: 0 });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const [x, y] = batch(i % 2);
    losses.push(await model.trainOnBatch(x, y) as number);
    tf.dispose([x, y]);
  }
  model.dispose();
  return losses;
}

Deno.test("registerNativeBackend() rejects a thread count below 1", () => {
  assertThrows(
    () => registerNativeBackend({ threads: 0 }),
    RangeError,
    "threads must be an integer >= 1",
  );
});

testWith(
  "registerNativeBackend() trains the seed CNN with a constant tensor count",
  needsOpenBlas(),
  async () => {
    const result = registerNativeBackend({ threads: 2 });
    assert(result.ok);
    await tf.setBackend(result.info.name);
    const model = buildSeedCnn({ widths: WIDTHS, inputShape: INPUT, seed: 3 });
    model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
    const [x, y] = batch(1);
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      const loss = await model.trainOnBatch(x, y) as number;
      assert(Number.isFinite(loss), `step ${i}: loss ${loss}`);
      counts.push(tf.memory().numTensors);
    }
    assertEquals(counts[3], counts[1], `tensor counts per step: ${counts}`);
    tf.dispose([x, y]);
    model.dispose();
  },
);

testWith(
  "registerNativeBackend() gives the loss curve of tfjs's cpu backend, on 1 thread and on 2",
  needsOpenBlas(),
  async () => {
    const steps = 5;
    const reference = await lossCurve("cpu", steps);
    assert(registerNativeBackend({ threads: 1 }).ok);
    const one = await lossCurve("serlab-native", steps);
    assert(registerNativeBackend({ threads: 2 }).ok);
    const two = await lossCurve("serlab-native", steps);
    assertLessOrEqual(relativeError(two, one), 1e-4, `1 thread ${one}, 2 threads ${two}`);
    assertLessOrEqual(relativeError(one, reference), 1e-3, `native ${one}, cpu ${reference}`);
    assert(one[steps - 1] < one[0], `the loss falls: ${one}`);
  },
);
