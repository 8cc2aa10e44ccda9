import { assertEquals, assertRejects, assertStringIncludes, assertThrows } from "@std/assert";
import { join } from "node:path";
import { withConfig } from "../config/mod.ts";
import { aggregateFolds, evaluatePredictions, predictionsToCsv } from "../eval/mod.ts";
import { syntheticRecords } from "../eval/_testing.ts";
import { gatherSweep } from "./gather_sweep.ts";
import { parseGrid } from "./parse_grid.ts";
import { planSweep } from "./plan_sweep.ts";
import { sweepReportHtml } from "./sweep_report_html.ts";
import type { SweepSpec } from "./types.ts";
import { writeSweep } from "./write_sweep.ts";

/** Writes what `deno task train` leaves in a complete run folder (the parts the sweep reads). */
async function completeRun(dir: string, seed: number, fold: number | undefined) {
  const records = syntheticRecords(48, { seed, fold });
  await Deno.mkdir(join(dir, "model"), { recursive: true });
  await Deno.writeTextFile(join(dir, "model", "serlab.json"), "{}");
  await Deno.writeTextFile(join(dir, "predictions.csv"), predictionsToCsv(records));
  await Deno.writeTextFile(
    join(dir, "metrics.json"),
    JSON.stringify(evaluatePredictions(records)),
  );
  return records;
}

async function withSweep(
  folds: number | undefined,
  fn: (dir: string, spec: SweepSpec) => Promise<void>,
) {
  const root = await Deno.makeTempDir({ prefix: "serlab-sweep-" });
  const dir = join(root, "sweep");
  const spec = planSweep({ config: withConfig(), data: "/data/ravdess" }, {
    folds,
    grid: [parseGrid("train.learningRate=1e-3,5e-4")],
  });
  await writeSweep(dir, spec);
  try {
    await fn(dir, spec);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("gatherSweep() pools each complete point's folds with aggregateFolds and lists missing tasks", async () => {
  await withSweep(2, async (dir, spec) => {
    const fold1 = await completeRun(join(dir, spec.tasks[0].runDir), 1, 1);
    const fold2 = await completeRun(join(dir, spec.tasks[1].runDir), 2, 2);
    await completeRun(join(dir, spec.tasks[2].runDir), 3, 1);
    // Task 3 started but did not finish: a run folder without metrics.json.
    await Deno.mkdir(join(dir, spec.tasks[3].runDir), { recursive: true });
    const results = await gatherSweep(dir);
    assertEquals(results.missing, [3]);
    assertEquals(results.points.map((p) => p.missing), [[], [3]]);
    assertEquals(results.points[0].metrics, aggregateFolds([fold1, fold2]));
    assertEquals(results.points[0].records, [...fold1, ...fold2]);
    assertEquals([results.points[1].metrics, results.points[1].records], [null, null]);

    const html = sweepReportHtml(results, { plotly: "none" });
    assertStringIncludes(html, "<title>Sweep sweep</title>");
    assertStringIncludes(html, "train.learningRate=0.001");
    assertStringIncludes(html, "task 3: runs/point-1/fold-2");
    assertStringIncludes(html, `deno task sweep --resume ${dir}`);
  });
});

Deno.test("gatherSweep() without folds reads each run's metrics.json", async () => {
  await withSweep(undefined, async (dir, spec) => {
    const records = await completeRun(join(dir, spec.tasks[1].runDir), 5, undefined);
    const results = await gatherSweep(dir);
    assertEquals(results.missing, [0]);
    assertEquals(
      JSON.stringify(results.points[1].metrics),
      JSON.stringify(evaluatePredictions(records)),
    );
  });
});

Deno.test("sweepReportHtml() needs a complete point", async () => {
  await withSweep(2, async (dir) => {
    assertThrows(
      () => sweepReportHtml({ ...{ dir, spec: {} as SweepSpec }, points: [], missing: [0, 1] }),
      RangeError,
      "no grid point is complete: missing tasks 0, 1",
    );
    const results = await gatherSweep(dir);
    assertThrows(() => sweepReportHtml(results), RangeError, "missing tasks 0, 1, 2, 3");
  });
});

Deno.test("gatherSweep() names a broken predictions.csv", async () => {
  await withSweep(2, async (dir, spec) => {
    for (const task of spec.tasks.slice(0, 2)) await completeRun(join(dir, task.runDir), 1, 1);
    await Deno.writeTextFile(join(dir, spec.tasks[1].runDir, "predictions.csv"), "nonsense\n");
    await assertRejects(() => gatherSweep(dir), SyntaxError, "fold-2/predictions.csv");
  });
});
