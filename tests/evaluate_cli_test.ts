/**
 * `deno task evaluate` as a user runs it: on a fresh small run it gives the
 * metrics and probabilities that `deno task train` wrote (single and k-fold
 * runs), evaluates a model folder on a split file or a whole folder, writes
 * the report and its PNG figures, and names each bad input in one line.
 */
import { assert, assertAlmostEquals, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { parsePredictionsCsv, type PredictionRecord, type RunMetrics } from "../lib/eval/mod.ts";
import { needsChromium } from "../lib/report/_chromium_requirement.ts";
import { needsBoth, needsRavdess, testWith } from "./requirements.ts";
import { assertOneErrorLine, runCli } from "./cli.ts";
import { assertPngHasContent } from "./png_content.ts";

/** A tiny run: 4 actors, small widths, 3 epochs (~20 s with a warm cache). */
const SMALL = ["--actors", "1-4", "--widths", "4,8,8,8", "--epochs", "3", "--seed", "7"];

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await Deno.readTextFile(path));
}

async function readRecords(path: string): Promise<PredictionRecord[]> {
  return parsePredictionsCsv(await Deno.readTextFile(path));
}

/** Asserts evaluate's metrics equal train's: scores within 1e-9, counts exactly. */
function assertSameMetrics(actual: RunMetrics, expected: RunMetrics, where: string): void {
  assertEquals(actual.n, expected.n, where);
  for (const key of ["accuracy", "macroF1", "uar", "genderGap"] as const) {
    assertAlmostEquals(actual[key], expected[key], 1e-9, `${where}: ${key}`);
  }
  actual.perClass.forEach((c, i) => {
    assertAlmostEquals(c.f1, expected.perClass[i].f1, 1e-9, `${where}: F1 of ${c.label}`);
  });
  assertEquals(actual.confusion, expected.confusion, where);
  if (expected.ci) {
    for (const key of ["accuracy", "macroF1", "uar", "genderGap"] as const) {
      assertAlmostEquals(actual.ci![key].low, expected.ci[key].low, 1e-9, `${where}: CI ${key}`);
      assertAlmostEquals(actual.ci![key].high, expected.ci[key].high, 1e-9, `${where}: CI ${key}`);
    }
  }
}

/** Asserts the same files, labels and predictions, and probabilities within 1e-5. */
function assertSameRecords(actual: PredictionRecord[], expected: PredictionRecord[]): void {
  assertEquals(actual.length, expected.length);
  const byFile = new Map(expected.map((r) => [r.file, r]));
  for (const record of actual) {
    const { probabilities, ...rest } = record;
    const other = byFile.get(record.file);
    assert(other, `${record.file} is not among train's predictions`);
    const { probabilities: otherProbabilities, ...otherRest } = other;
    assertEquals(rest, otherRest);
    probabilities.forEach((p, c) =>
      assertAlmostEquals(p, otherProbabilities[c], 1e-5, record.file)
    );
  }
}

testWith(
  "deno task evaluate --run gives the metrics train wrote, and evaluates a model on other files",
  needsRavdess(),
  async (data, t) => {
    const dir = await Deno.makeTempDir({ prefix: "serlab-evaluate-" });
    const run = join(dir, "run");
    const trained = await runCli("cli/train.ts", ["--data", data, "--out", run, ...SMALL]);
    assertEquals(trained.code, 0, trained.stderr);
    const trainMetrics = await readJson<RunMetrics>(join(run, "metrics.json"));
    const trainRecords = await readRecords(join(run, "predictions.csv"));

    await t.step(
      "--run rewrites metrics.json and predictions.csv to the same numbers",
      async () => {
        const evaluated = await runCli(
          "cli/evaluate.ts",
          ["--run", run, "--data", data, "--png"],
          { SERLAB_CHROMIUM: join(dir, "no-chromium") },
        );
        assertEquals(evaluated.code, 0, evaluated.stderr);
        assertStringIncludes(evaluated.stdout, "accuracy");
        assertStringIncludes(evaluated.stdout, "gap (m-f)");
        assertSameMetrics(await readJson(join(run, "metrics.json")), trainMetrics, "run");
        assertSameRecords(await readRecords(join(run, "predictions.csv")), trainRecords);
        const report = await Deno.readTextFile(join(run, "report.html"));
        assertStringIncludes(report, "Confusion matrix");
        // Without Chromium: the report is written and one line says the PNGs were skipped.
        const skipped = evaluated.stderr.split("\n").filter((l) => l.includes("PNG"));
        assertEquals(skipped.length, 1, evaluated.stderr);
        assertStringIncludes(skipped[0], "skipped");
      },
    );

    await t.step("--plotly-dir makes the report load one shared plotly.min.js", async () => {
      const shared = join(dir, "reports");
      const evaluated = await runCli(
        "cli/evaluate.ts",
        ["--run", run, "--data", data, "--plotly-dir", shared],
      );
      assertEquals(evaluated.code, 0, evaluated.stderr);
      const report = await Deno.readTextFile(join(run, "report.html"));
      assertStringIncludes(report, '<script src="../reports/plotly.min.js"></script>');
      assert(report.length < 500_000, `report of ${report.length} characters`);
      assert((await Deno.stat(join(shared, "plotly.min.js"))).size > 1_000_000);
    });

    await t.step("--model --split evaluates the model on the split's test files", async () => {
      const split = join(dir, "subset.json");
      const some = trainRecords.slice(0, 5);
      await Deno.writeTextFile(split, JSON.stringify({ test: some.map((r) => r.file) }));
      const out = join(dir, "subset");
      const evaluated = await runCli("cli/evaluate.ts", [
        "--model",
        join(run, "model"),
        "--data",
        data,
        "--split",
        split,
        "--out",
        out,
      ]);
      assertEquals(evaluated.code, 0, evaluated.stderr);
      assertSameRecords(await readRecords(join(out, "predictions.csv")), some);
      assertEquals((await readJson<RunMetrics>(join(out, "metrics.json"))).n, 5);
      await Deno.stat(join(out, "report.html"));
      const config = await readJson<{ evaluation: { model: string } }>(join(out, "config.json"));
      assertStringIncludes(config.evaluation.model, "model");
    });

    await t.step("--model without --split evaluates every clip of --data", async () => {
      const folder = join(dir, "three");
      await Deno.mkdir(join(folder, "Actor_01"), { recursive: true });
      const files = trainRecords.filter((r) => r.actor === 1).slice(0, 3).map((r) => r.file);
      for (const file of files) await Deno.copyFile(join(data, file), join(folder, file));
      const out = join(dir, "all");
      const evaluated = await runCli("cli/evaluate.ts", [
        "--model",
        join(run, "model"),
        "--data",
        folder,
        "--out",
        out,
      ]);
      assertEquals(evaluated.code, 0, evaluated.stderr);
      const records = await readRecords(join(out, "predictions.csv"));
      assertEquals(records.map((r) => r.file).sort(), [...files].sort());
      assertSameRecords(records, trainRecords.filter((r) => files.includes(r.file)));
    });
    await Deno.remove(dir, { recursive: true });
  },
);

testWith(
  "deno task evaluate on a k-fold run gives train's aggregate and exports the figures as PNG",
  needsBoth(needsRavdess(), needsChromium()),
  async ([data]) => {
    const dir = await Deno.makeTempDir({ prefix: "serlab-evaluate-kfold-" });
    const run = join(dir, "kfold");
    const trained = await runCli("cli/train.ts", [
      "--data",
      data,
      "--out",
      run,
      ...["--actors", "1-6", "--folds", "2", "--widths", "4,8,8,8", "--epochs", "2", "--seed", "7"],
    ]);
    assertEquals(trained.code, 0, trained.stderr);
    type KFold = { folds: RunMetrics[]; mean: RunMetrics; std: RunMetrics; pooled: RunMetrics };
    const expected = await readJson<KFold>(join(run, "metrics.json"));
    const expectedFold1 = await readJson<RunMetrics>(join(run, "fold-1", "metrics.json"));
    const expectedRecords = await readRecords(join(run, "predictions.csv"));

    const evaluated = await runCli("cli/evaluate.ts", ["--run", run, "--data", data, "--png"]);
    assertEquals(evaluated.code, 0, evaluated.stderr);
    assertStringIncludes(evaluated.stdout, "fold 2");
    assertStringIncludes(evaluated.stdout, "pooled");
    const actual = await readJson<KFold>(join(run, "metrics.json"));
    assertSameMetrics(actual.pooled, expected.pooled, "pooled");
    actual.folds.forEach((m, i) => assertSameMetrics(m, expected.folds[i], `fold ${i + 1}`));
    for (const key of ["accuracy", "macroF1", "uar", "genderGap"] as const) {
      assertAlmostEquals(actual.mean[key], expected.mean[key], 1e-9, `mean ${key}`);
    }
    assertSameMetrics(
      await readJson(join(run, "fold-1", "metrics.json")),
      expectedFold1,
      "fold-1/metrics.json",
    );
    const records = await readRecords(join(run, "predictions.csv"));
    assertSameRecords(records, expectedRecords);
    assertEquals(new Set(records.map((r) => r.fold)), new Set([1, 2]));
    const report = await Deno.readTextFile(join(run, "report.html"));
    assertStringIncludes(report, "Confusion matrix");
    const pngs: string[] = [];
    for await (const entry of Deno.readDir(join(run, "figures"))) pngs.push(entry.name);
    assert(pngs.includes("confusion.png") && pngs.includes("trainingCurves.png"), String(pngs));
    for (const png of pngs) {
      assertPngHasContent(await Deno.readFile(join(run, "figures", png)), png);
    }

    // A k-fold run with a fold not trained yet is refused, not aggregated.
    await Deno.remove(join(run, "fold-2"), { recursive: true });
    const partial = await runCli("cli/evaluate.ts", ["--run", run, "--data", data]);
    assertEquals(partial.code, 1);
    assertStringIncludes(partial.stderr, "1 of 2 folds are trained (missing: 2)");
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test("deno task evaluate names each bad input in one line", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "serlab-evaluate-bad-" });
  await Deno.mkdir(join(dir, "empty"));
  await Deno.mkdir(join(dir, "untrained"));
  await Deno.writeTextFile(join(dir, "untrained", "split.json"), '{"test": []}');
  const cases: [string, string[], string][] = [
    ["no input", [], "give either --run"],
    ["a missing run folder", ["--run", join(dir, "nope")], "no such folder"],
    ["a folder that is not a run", ["--run", join(dir, "empty")], "not a run folder"],
    ["a run without its model", ["--run", join(dir, "untrained")], "no model"],
    ["--model without --out", ["--model", join(dir, "empty")], "--model needs --out"],
    ["a missing model", ["--model", join(dir, "nope"), "--out", join(dir, "o")], "no such folder"],
    ["an unknown flag", ["--bogus"], "unknown option --bogus"],
  ];
  for (const [name, args, message] of cases) {
    await t.step(name, async () => {
      const run = await runCli("cli/evaluate.ts", [...args, "--data", dir]);
      assertEquals(run.stderr.trim().split("\n").length, 1, run.stderr);
      assertOneErrorLine(run, message);
    });
  }
  await t.step("--help", async () => {
    const run = await runCli("cli/evaluate.ts", ["--help"]);
    assertEquals(run.code, 0);
    assertStringIncludes(run.stdout, "Usage: deno task evaluate --run");
  });
  await Deno.remove(dir, { recursive: true });
});
