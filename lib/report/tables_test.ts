import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import * as tf from "@tensorflow/tfjs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { aggregateFolds, evaluatePredictions } from "../eval/mod.ts";
import { syntheticRecords } from "../eval/_testing.ts";
import { compareTable, loadDanfo, metricsTables } from "./tables.ts";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

Deno.test("loadDanfo() keeps one tfjs in the process", async () => {
  await tf.ready();
  const engine = (globalThis as { _tfengine?: unknown })._tfengine;
  const backends = Object.keys(tf.engine().registryFactory).sort();
  const kernels = tf.getKernelsForBackend(tf.getBackend()).length;
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
  let dfd;
  try {
    dfd = await loadDanfo();
  } finally {
    console.warn = warn;
  }
  assertEquals(dfd.tensorflow.version.tfjs, tf.version.tfjs);
  assert(dfd.tensorflow.tensor === tf.tensor, "danfojs computes with this process's tfjs module");
  assert((globalThis as { _tfengine?: unknown })._tfengine === engine, "one tfjs engine");
  assertEquals(Object.keys(tf.engine().registryFactory).sort(), backends);
  assertEquals(tf.getKernelsForBackend(tf.getBackend()).length, kernels);
  assertEquals(warnings.filter((w) => /already (been )?(registered|set)/.test(w)), []);
  assert((await loadDanfo()) === dfd, "loaded once");
});

Deno.test("a direct import of danfojs loads its own tfjs 3, which loadDanfo() avoids", async () => {
  // In a child process: this one must keep a single tfjs.
  const code = `
    import * as tf from "@tensorflow/tfjs";
    await tf.ready();
    const warnings = [];
    console.warn = (...args) => warnings.push(args.join(" "));
    const dfd = await import("danfojs");
    console.log(JSON.stringify({
      version: dfd.tensorflow.version.tfjs,
      reregistered: warnings.filter((w) => w.includes("already registered")).length,
    }));`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=js", code],
    cwd: repoRoot,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout).trim().split("\n");
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  const { version, reregistered } = JSON.parse(stdout[stdout.length - 1]);
  assert(version.startsWith("3."), `danfojs's own tfjs is ${version}`);
  assert(reregistered > 100, `${reregistered} kernels registered again`);
});

Deno.test("the CLIs never load danfojs", async () => {
  for (const cli of ["cli/evaluate.ts", "cli/report.ts"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", cli],
      cwd: repoRoot,
      stdout: "piped",
      stderr: "null",
    }).output();
    const graph = JSON.parse(new TextDecoder().decode(out.stdout));
    const specifiers: string[] = graph.modules.map((m: { specifier: string }) => m.specifier);
    assert(specifiers.length > 10, `${cli}: ${specifiers.length} modules`);
    assertEquals(specifiers.filter((s) => /danfojs|\/report\/tables\.ts$/.test(s)), [], cli);
  }
});

Deno.test("metricsTables() gives the metrics by class, gender, actor and fold", async (t) => {
  const records = syntheticRecords(240, { seed: 3 });
  const metrics = evaluatePredictions(records, { bootstrap: { resamples: 50 } });

  await t.step("a single run", async () => {
    const { byClass, byGender, byActor, byFold } = await metricsTables(metrics);
    assertEquals(byFold, undefined);
    assertEquals(byClass.index, metrics.labels);
    assertEquals(byClass.columns, [
      "precision",
      "recall",
      "f1",
      "support",
      "maleRecall",
      "femaleRecall",
    ]);
    assertEquals(byClass.column("f1").values, metrics.perClass.map((c) => c.f1));
    assertEquals(byClass.column("support").values, metrics.perClass.map((c) => c.support));
    assertEquals(
      byClass.column("femaleRecall").values,
      metrics.byEmotionGender.map((row) => row.female),
    );
    assertEquals(byGender.index, ["male", "female"]);
    assertEquals(byGender.column("accuracy").values, [
      metrics.byGender.male.accuracy,
      metrics.byGender.female.accuracy,
    ]);
    assertEquals(byActor.index.length, 24);
    assertEquals(byActor.index[0], "01");
    assertEquals(byActor.column("gender").values.slice(0, 2), ["male", "female"]);
    assertEquals(byActor.column("n").values.reduce((a, b) => Number(a) + Number(b), 0), 240);
  });

  await t.step("a k-fold run: tables of the pooled predictions, and one row per fold", async () => {
    const kfold = aggregateFolds(
      [1, 2, 3].map((fold) => syntheticRecords(96, { seed: fold, fold })),
      { bootstrap: { resamples: 50 } },
    );
    const { byClass, byFold } = await metricsTables(kfold);
    assertEquals(byClass.column("support").values, kfold.pooled.perClass.map((c) => c.support));
    assertEquals(byFold?.index, ["1", "2", "3"]);
    assertEquals(byFold?.column("uar").values, kfold.folds.map((f) => f.uar));
  });

  await t.step("each table shows as HTML in Jupyter", async () => {
    const { byGender } = await metricsTables(metrics);
    const show = (byGender as unknown as Record<symbol, () => Record<string, string>>)[
      Symbol.for("Jupyter.display")
    ];
    const bundle = show();
    assertStringIncludes(bundle["text/html"], "<th>accuracy</th>");
    assertStringIncludes(bundle["text/html"], metrics.byGender.male.accuracy.toFixed(4));
    assertStringIncludes(bundle["text/plain"], "accuracy");
  });
});

Deno.test("compareTable() sets runs side by side with their intervals", async () => {
  const a = evaluatePredictions(syntheticRecords(240, { seed: 1 }), {
    bootstrap: { resamples: 50 },
  });
  const b = aggregateFolds(
    [1, 2].map((fold) => syntheticRecords(120, { seed: 10 + fold, fold })),
    { bootstrap: { resamples: 50 } },
  );
  const c = evaluatePredictions(syntheticRecords(48, { seed: 2 }), { bootstrap: false });
  const table = await compareTable([
    { name: "a", metrics: a },
    { name: "b", metrics: b },
    { name: "no-ci", metrics: c },
  ]);
  assertEquals(table.index, ["a", "b", "no-ci"]);
  assertEquals(table.column("n").values, [240, 240, 48]);
  assertEquals(table.column("accuracy").values, [a.accuracy, b.pooled.accuracy, c.accuracy]);
  const low = table.column("uarLow").values as number[];
  assertAlmostEquals(low[0], a.ci!.uar.low, 0);
  assertAlmostEquals(low[1], b.pooled.ci!.uar.low, 0);
  assert(Number.isNaN(low[2]), "no interval gives NaN");
  assertEquals(table.column("genderGap").values.slice(0, 2), [a.genderGap, b.pooled.genderGap]);
  await assertRejects(() => compareTable([]), RangeError, "must not be empty");
  await assertRejects(
    () => compareTable([{ name: "a", metrics: a }, { name: "a", metrics: c }]),
    RangeError,
    "must be unique",
  );
});
