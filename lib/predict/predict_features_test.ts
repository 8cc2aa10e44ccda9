import * as tf from "@tensorflow/tfjs";
import { assertAlmostEquals, assertEquals, assertRejects } from "@std/assert";
import { initBackend } from "../backend/mod.ts";
import { predictFeatures } from "./predict_features.ts";
import { tinyModel } from "./_testing.ts";

// tfjs's pure-JS backend, quietly: the tiny models need nothing faster.
await initBackend({ path: "cpu", log: null });

const folder = tinyModel();
const size = 16 * 33;
const features = Float32Array.from({ length: 5 * size }, (_, i) => -80 * ((i * 7919) % 101) / 101);

Deno.test("predictFeatures() standardises and feeds [batch, mels, frames, 1]", async () => {
  const rows = await predictFeatures(folder, features);
  const { mean, std } = folder.metadata.normalization;
  const input = features.map((x) => (x - mean) / std);
  const expected = tf.tidy(() =>
    (folder.model.predict(tf.tensor4d(input, [5, 16, 33, 1])) as tf.Tensor).arraySync()
  ) as number[][];
  assertEquals(rows.length, 5);
  rows.forEach((row, i) => row.forEach((p, j) => assertAlmostEquals(p, expected[i][j], 1e-6)));
  for (const row of rows) assertAlmostEquals(row.reduce((s, p) => s + p, 0), 1, 1e-5);
  const spread = Math.max(...rows[0]) - Math.min(...rows[0]);
  assertEquals(spread > 0.05, true, "the sharpened test model spreads its probabilities");
});

Deno.test("predictFeatures() gives the same rows whatever the batch size", async () => {
  const whole = await predictFeatures(folder, features);
  for (const batchSize of [1, 2, 5, 64]) {
    const rows = await predictFeatures(folder, features, { batchSize });
    rows.forEach((row, i) => row.forEach((p, j) => assertAlmostEquals(p, whole[i][j], 1e-6)));
  }
  assertEquals(await predictFeatures(folder, new Float32Array(0)), []);
});

Deno.test("predictFeatures() takes features standardised already, as prepareData() gives them", async () => {
  const { mean, std } = folder.metadata.normalization;
  const standardized = features.map((x) => (x - mean) / std);
  const raw = await predictFeatures(folder, features);
  const ready = await predictFeatures(folder, standardized, { standardized: true });
  assertEquals(ready, raw);
});

Deno.test("predictFeatures() refuses bad input and a model that does not fit", async (t) => {
  await t.step("a partial item", async () => {
    await assertRejects(
      () => predictFeatures(folder, new Float32Array(size + 1)),
      RangeError,
      "whole [16, 33] log-mels: current length is 529",
    );
  });
  await t.step("batchSize 0", async () => {
    await assertRejects(
      () => predictFeatures(folder, features, { batchSize: 0 }),
      RangeError,
      "batchSize must be an integer >= 1: current value is 0",
    );
  });
  const misfits: [string, Partial<typeof folder.metadata>, string][] = [
    ["labels", { labels: ["a", "b"] }, "the model has 8 outputs for 2 labels"],
    ["input shape", { inputShape: [16, 40, 1] }, "inputShape [16,40,1] does not match"],
    ["std", { normalization: { mean: 0, std: 0 } }, "std > 0"],
  ];
  for (const [name, change, message] of misfits) {
    await t.step(name, async () => {
      const bad = { model: folder.model, metadata: { ...folder.metadata, ...change } };
      await assertRejects(() => predictFeatures(bad, features), TypeError, message);
    });
  }
});
