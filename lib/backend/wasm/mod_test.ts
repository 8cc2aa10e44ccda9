import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertLessOrEqual } from "@std/assert";
import { buildSeedCnn } from "../../model/seed_cnn.ts";
import { setupWasmBackend } from "./mod.ts";
import { randomArray, relativeError } from "../_shared/_testing.ts";

const INPUT: [number, number, number] = [16, 17, 1];
const BATCH = 4;

function batch(seed: number): { x: tf.Tensor; y: tf.Tensor } {
  const x = tf.tensor(randomArray(BATCH * INPUT[0] * INPUT[1], seed, -3, 3), [BATCH, ...INPUT]);
  const y = tf.oneHot(tf.tensor1d([0, 3, 5, 7], "int32"), 8);
  return { x, y };
}

/** One SGD step of the seed CNN (no dropout) on `backend`; returns the loss and every weight after it. */
async function trainOneStep(
  backend: "cpu" | "wasm",
): Promise<{ loss: number; weights: Float32Array[] }> {
  await tf.setBackend(backend);
  const model = buildSeedCnn({ widths: [4, 8, 8, 12], inputShape: INPUT, dropout: 0, seed: 7 });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: "categoricalCrossentropy" });
  const { x, y } = batch(3);
  const loss = await model.trainOnBatch(x, y) as number;
  const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  tf.dispose([x, y]);
  model.dispose();
  return { loss, weights };
}

Deno.test("setupWasmBackend() trains the seed CNN with no kernel error and no leak", async () => {
  await setupWasmBackend();
  const model = buildSeedCnn({ widths: [4, 8, 8, 12], inputShape: INPUT, seed: 1 });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  const { x, y } = batch(1);
  const counts: number[] = [];
  for (let step = 0; step < 4; step++) {
    const loss = await model.trainOnBatch(x, y) as number;
    assert(Number.isFinite(loss), `loss of step ${step} is ${loss}`);
    counts.push(tf.memory().numTensors);
  }
  // Adam creates its slots on the first step; after that nothing may accumulate.
  assertEquals(counts.slice(1), [counts[1], counts[1], counts[1]]);
  const profile = await tf.profile(async () => {
    await model.trainOnBatch(x, y);
  });
  const kernels = new Set(profile.kernels.map((k) => k.name));
  for (
    const name of ["SerlabBatchNormTraining", "SerlabBatchNormTrainingGrad", "Conv2DBackpropFilter"]
  ) {
    assert(kernels.has(name), `${name} did not run in a training step`);
  }
  tf.dispose([x, y]);
  model.dispose();
});

Deno.test("setupWasmBackend() gives the same training step as the cpu backend", async () => {
  await setupWasmBackend();
  const expected = await trainOneStep("cpu");
  const actual = await trainOneStep("wasm");
  await tf.setBackend("wasm");
  assertLessOrEqual(Math.abs(actual.loss - expected.loss) / Math.abs(expected.loss), 1e-5);
  assertEquals(actual.weights.length, expected.weights.length);
  for (let i = 0; i < expected.weights.length; i++) {
    // Conv biases feed batch norm, so their gradient is 0 up to rounding and
    // they stay ~1e-9: compare them on the scale of a real update instead.
    const error = relativeError(actual.weights[i], expected.weights[i], 1e-2);
    assertLessOrEqual(error, 1e-4, `weight ${i}: relative error ${error}`);
  }
});
