import { assert, assertEquals, assertRejects } from "@std/assert";
import { DEFAULT_CONFIG } from "../config/mod.ts";
import { initBackend } from "../backend/mod.ts";
import { readCheckpoint } from "./checkpoint.ts";
import { type LabelledSet, trainModel } from "./train_model.ts";
import { modelWeights } from "./checkpoint.ts";

function set(n: number, offset: number): LabelledSet {
  const labels = Int32Array.from({ length: n }, (_, i) => i % 8);
  const x = new Float32Array(n * 16 * 16);
  for (let i = 0; i < x.length; i++) {
    const row = Math.floor(i / 256);
    x[i] = Math.sin((i + offset) * 0.37) + 0.5 * labels[row] * Math.cos(i % 16);
  }
  return { x, labels, shape: [16, 16] };
}

const model = { ...DEFAULT_CONFIG.model, widths: [2, 4, 4, 4] };
const train = {
  ...DEFAULT_CONFIG.train,
  epochs: 3,
  batchSize: 8,
  lrSchedule: { ...DEFAULT_CONFIG.train.lrSchedule, patience: 1 },
};

Deno.test("trainModel() resumed from a checkpoint ends with the weights of an uninterrupted run", async () => {
  await initBackend({ log: null });
  const [a, b] = [set(40, 0), set(16, 999)];
  const straight = await trainModel(a, b, { model, train });
  const expected = modelWeights(straight.model);
  straight.model.dispose();

  const dir = await Deno.makeTempDir();
  const controller = new AbortController();
  await assertRejects(() =>
    trainModel(a, b, {
      model,
      train,
      checkpointDir: dir,
      signal: controller.signal,
      onStep: (p) => {
        if (p.epoch === 2 && p.step === 2) controller.abort(new Error("stop"));
      },
    })
  );
  assertEquals((await readCheckpoint(dir))?.state.epoch, 1);
  const resumed = await trainModel(a, b, { model, train, checkpointDir: dir, resume: true });
  assertEquals(resumed.resumedFrom, 1);
  assertEquals(resumed.history.map((e) => e.epoch), [1, 2, 3]);
  assertEquals(resumed.history.map((e) => e.lr), straight.history.map((e) => e.lr));
  assertEquals(modelWeights(resumed.model), expected);
  resumed.model.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("trainModel() restores the best epoch's weights and stops early", async () => {
  await initBackend({ log: null });
  const result = await trainModel(set(40, 0), set(16, 5), {
    model,
    train: {
      ...train,
      epochs: 30,
      learningRate: 0.05,
      earlyStopping: { enabled: true, patience: 2, minDelta: 0 },
    },
  });
  const best = Math.min(...result.history.map((e) => e.valLoss));
  assertEquals(result.history[result.bestEpoch - 1].valLoss, best);
  assert(result.stoppedEarly, `ran ${result.history.length} epochs`);
  assertEquals(result.history.length, result.bestEpoch + 2);
  result.model.dispose();
});

Deno.test("trainModel() refuses empty sets and labels outside the classes", async () => {
  const empty = {
    x: new Float32Array(0),
    labels: new Int32Array(0),
    shape: [16, 16] as [number, number],
  };
  await assertRejects(
    () => trainModel(empty, set(8, 0), { model, train }),
    RangeError,
    "must not be empty",
  );
  const bad = set(8, 0);
  bad.labels[0] = 9;
  await assertRejects(
    () => trainModel(bad, set(8, 0), { model, train }),
    RangeError,
    "labels must be in [0, 8)",
  );
});
