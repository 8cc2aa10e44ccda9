import { assertEquals, assertThrows } from "@std/assert";
import { withConfig } from "../config/mod.ts";
import { parseGrid } from "./parse_grid.ts";
import { planSweep } from "./plan_sweep.ts";

const BASE = { config: withConfig({ split: { protocol: "actors" } }), data: "/data/ravdess" };

Deno.test("planSweep() runs every grid combination and seed over every fold", () => {
  const spec = planSweep(BASE, {
    folds: 3,
    grid: [parseGrid("train.learningRate=1e-3,5e-4"), parseGrid("model.head=gap,flatten")],
    seeds: [1, 2],
  });
  assertEquals(spec.points.length, 8);
  assertEquals(spec.tasks.length, 24);
  assertEquals(spec.tasks.map((t) => t.index), [...Array(24).keys()]);
  assertEquals(spec.points.map((p) => p.name).slice(0, 3), [
    "train.learningRate=0.001 model.head=gap seed=1",
    "train.learningRate=0.001 model.head=gap seed=2",
    "train.learningRate=0.001 model.head=flatten seed=1",
  ]);
  const task = spec.tasks[23];
  assertEquals([task.point, task.fold, task.runDir], [7, 3, "runs/point-7/fold-3"]);
  assertEquals(task.config.train.learningRate, 0.0005);
  assertEquals(task.config.model.head, "flatten");
  assertEquals([task.config.train.seed, task.config.split.seed], [2, 2]);
  assertEquals(task.split, { kind: "fold", folds: 3, fold: 3 });
  // Tasks own their configs: a change to one leaves the others alone.
  spec.tasks[0].config.train.epochs = 1;
  assertEquals(spec.tasks[1].config.train.epochs, BASE.config.train.epochs);
});

Deno.test("planSweep() without grid, seeds or folds is one task named base", () => {
  const spec = planSweep(BASE);
  assertEquals(spec.points.map((p) => [p.name, p.dir, p.seed]), [["base", "runs/point-0", 42]]);
  assertEquals(spec.tasks.map((t) => [t.runDir, t.fold, t.split]), [
    ["runs/point-0", null, { kind: "protocol" }],
  ]);
  assertEquals([spec.folds, spec.seeds, spec.grid], [null, null, []]);
});

Deno.test("planSweep() keeps one dropout rate per block when a grid changes the widths", () => {
  const spec = planSweep(BASE, { grid: [parseGrid("model.widths=8+16,8+16+32+64+64")] });
  assertEquals(spec.tasks.map((t) => t.config.model.dropout.length), [2, 5]);
});

Deno.test("planSweep() rejects a grid it cannot run, in one line", async (t) => {
  const cases: [string, Parameters<typeof planSweep>[1], string][] = [
    [
      "repeated key",
      { grid: [parseGrid("train.epochs=1"), parseGrid("train.epochs=2")] },
      "twice",
    ],
    [
      "seeds and a seed grid",
      { seeds: [1], grid: [parseGrid("train.seed=1,2")] },
      "cannot be used with --grid train.seed",
    ],
    ["repeated seed", { seeds: [1, 1] }, "distinct seeds"],
    ["one fold", { folds: 1 }, "--folds must be at least 2"],
    [
      "a bad point",
      { grid: [parseGrid("train.learningRate=0.001,-1")] },
      'grid point "train.learningRate=-1": train.learningRate must be > 0: got -1',
    ],
    [
      "dropout not one per block",
      { grid: [parseGrid("model.dropout=0.1+0.2")] },
      "model.dropout must be one rate in [0, 1) per block (4)",
    ],
    [
      "folds with the random protocol",
      { folds: 2, grid: [parseGrid("split.protocol=random")] },
      "cannot be used with split.protocol random",
    ],
  ];
  for (const [name, options, message] of cases) {
    await t.step(name, () => {
      assertThrows(() => planSweep(BASE, options), TypeError, message);
    });
  }
});
