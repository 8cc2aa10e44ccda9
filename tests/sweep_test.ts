/**
 * `deno task sweep` with the local executor as a user runs it: one clear
 * line for each bad input, a quick k-fold grid run two tasks at a time whose
 * pooled metrics are `aggregateFolds` over the folds, `--resume` running only
 * the task left incomplete and ending with the same bytes, dry runs; and the
 * shared feature cache under processes that compute the same entries at once.
 */
import { assert, assertEquals, assertGreater, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { withConfig } from "../lib/config/mod.ts";
import { aggregateFolds, parsePredictionsCsv } from "../lib/eval/mod.ts";
import { computeFeatures } from "../lib/pipeline/mod.ts";
import { FeatureCache } from "../lib/pipeline/cache.ts";
import { cacheFiles } from "../lib/pipeline/_cache_testing.ts";
import { writeClips } from "../lib/pipeline/_clips_testing.ts";
import { gatherSweep, planSweep, type SweepSpec, writeSweep } from "../lib/sweep/mod.ts";
import { assertOneErrorLine, repoRoot, runCli } from "./cli.ts";
import { QUICK } from "./_sweep_testing.ts";
import { needsRavdess, testWith } from "./requirements.ts";

Deno.test("deno task sweep and train --sweep: one line and exit 1 for each bad input", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "serlab-sweep-cli-" });
  const existing = join(dir, "existing");
  await writeSweep(
    existing,
    planSweep({ config: withConfig(), data: join(dir, "data") }, { folds: 2 }),
  );
  const nowhere = join(dir, "nowhere");
  const sweepCases: [string, string[], string, Record<string, string>?][] = [
    [
      "unknown config key in --grid",
      ["--grid", "train.learningRat=1e-3,5e-4"],
      '"train.learningRat" is not a config setting (train has batchSize, learningRate',
    ],
    [
      "value of the wrong type",
      ["--grid", "train.learningRate=1e-3,fast"],
      '--grid train.learningRate needs numbers: got "fast"',
    ],
    [
      "list item of the wrong kind",
      ["--grid", "augment.versions=original+reverb"],
      'augment.versions takes original, noise, pitch: got "reverb"',
    ],
    [
      "--slurm without sbatch",
      ["--slurm", "--folds", "2"],
      "sbatch is not on PATH",
      { PATH: nowhere },
    ],
    ["sweep folder exists", ["--out", existing], `exists: pass --resume ${existing}`],
    ["--resume with a setting", ["--resume", existing, "--epochs", "3"], "--epochs cannot be used"],
    ["--resume of no sweep", ["--resume", dir], "holds no sweep.json"],
    ["--partition without --slurm", ["--partition", "cpu"], "--partition needs --slurm"],
    ["sbatch options without --slurm", ["--", "--qos=short"], "need --slurm"],
    ["--seed and --seeds", ["--seed", "1", "--seeds", "1,2"], "cannot be used together"],
    ["--seeds not numbers", ["--seeds", "1,two"], "--seeds needs whole numbers"],
    ["--jobs 0", ["--jobs", "0"], "--jobs needs a whole number >= 1"],
  ];
  for (const [name, args, message, env] of sweepCases) {
    await t.step(name, async () => {
      const common = args.includes("--resume")
        ? []
        : ["--data", join(dir, "data"), "--out", join(dir, "new")];
      const line = assertOneErrorLine(await runCli("cli/sweep.ts", [...common, ...args], env));
      assertStringIncludes(line, message);
    });
  }
  await t.step("--slurm without sbatch suggests the local executor", async () => {
    const line = assertOneErrorLine(await runCli("cli/sweep.ts", ["--slurm"], { PATH: nowhere }));
    assertStringIncludes(line, "local executor");
  });
  const trainCases: [string, string[], string][] = [
    ["--task without --sweep", ["--task", "0"], "--task needs --sweep"],
    ["--sweep without --task", ["--sweep", existing], "--sweep needs --task"],
    ["task out of range", ["--sweep", existing, "--task", "2"], "--task must be from 0 to 1"],
    [
      "a setting with --sweep",
      ["--sweep", existing, "--task", "0", "--epochs", "3"],
      "--epochs cannot be used with it",
    ],
  ];
  for (const [name, args, message] of trainCases) {
    await t.step(`train ${name}`, async () => {
      assertStringIncludes(assertOneErrorLine(await runCli("cli/train.ts", args)), message);
    });
  }
  await Deno.remove(dir, { recursive: true });
});

/** Each task's metrics.json and predictions.csv. */
async function taskBytes(dir: string): Promise<Record<string, string>> {
  const spec: SweepSpec = JSON.parse(await Deno.readTextFile(join(dir, "sweep.json")));
  const out: Record<string, string> = {};
  for (const task of spec.tasks) {
    for (const file of ["metrics.json", "predictions.csv"]) {
      out[`task ${task.index} ${file}`] = await Deno.readTextFile(join(dir, task.runDir, file));
    }
  }
  return out;
}

testWith(
  "deno task sweep runs a k-fold grid locally, pools each point's folds, and --resume runs only what is missing",
  needsRavdess(),
  async (data, t) => {
    const dir = await Deno.makeTempDir({ prefix: "serlab-sweep-" });
    const out = join(dir, "sweep");
    const run = await runCli("cli/sweep.ts", [
      "--data",
      data,
      "--out",
      out,
      "--jobs",
      "2",
      ...QUICK,
    ]);
    assertEquals(run.code, 0, run.stdout + run.stderr);
    assertStringIncludes(run.stdout, "4 tasks = 2 grid points × 2 folds");
    assertStringIncludes(run.stdout, "task 3 (train.learningRate=0.0005, fold 2): done");
    assertStringIncludes(run.stderr, "sweep  4/4 done  0 running  0 failed  0 queued");
    assertStringIncludes(run.stdout, "all 4 tasks complete");
    const spec: SweepSpec = JSON.parse(await Deno.readTextFile(join(out, "sweep.json")));
    assertEquals(spec.tasks.map((task) => [task.runDir, task.config.train.learningRate]), [
      ["runs/point-0/fold-1", 0.001],
      ["runs/point-0/fold-2", 0.001],
      ["runs/point-1/fold-1", 0.0005],
      ["runs/point-1/fold-2", 0.0005],
    ]);
    assertEquals(spec.tasks[0].config.model.widths, [4, 8, 8, 8]);
    assertEquals(spec.tasks[0].actors, [1, 2, 3, 4, 5, 6]);
    const expected = await taskBytes(out);

    await t.step("gatherSweep() pools each point's folds with aggregateFolds", async () => {
      const results = await gatherSweep(out);
      assertEquals(results.missing, []);
      for (const point of results.points) {
        const folds = await Promise.all(point.tasks.map(async (task) =>
          parsePredictionsCsv(
            await Deno.readTextFile(join(out, task.runDir, "predictions.csv")),
          )
        ));
        assertEquals(point.metrics, aggregateFolds(folds));
        // Written beside the folds, as deno task train --folds does.
        const written = await Deno.readTextFile(join(out, point.point.dir, "metrics.json"));
        assertEquals(written, JSON.stringify(aggregateFolds(folds), null, 2) + "\n");
      }
    });

    await t.step("deno task report <sweep> compares the grid points", async () => {
      const report = await runCli("cli/report.ts", [out]);
      assertEquals(report.code, 0, report.stderr);
      assertStringIncludes(report.stdout, `written: ${join(out, "report.html")}`);
      const html = await Deno.readTextFile(join(out, "report.html"));
      assertStringIncludes(html, "train.learningRate=0.0005");
    });

    await t.step("--resume lists the failed task and runs it alone", async () => {
      // Task 2 "failed" after its last epoch: its run folder has no metrics.json.
      await Deno.remove(join(out, "runs", "point-1", "fold-1", "metrics.json"));
      await Deno.writeTextFile(
        join(out, "logs", "task-2.log"),
        "error: simulated failure\n",
        { append: true },
      );
      const resumed = await runCli("cli/sweep.ts", ["--resume", out]);
      assertEquals(resumed.code, 0, resumed.stdout + resumed.stderr);
      assertStringIncludes(resumed.stdout, "3 of 4 complete");
      assertStringIncludes(
        resumed.stdout,
        "task 2 (train.learningRate=0.0005, fold 1): error: simulated failure",
      );
      assertStringIncludes(resumed.stdout, "task 2 (train.learningRate=0.0005, fold 1): done");
      assert(!resumed.stdout.includes("task 0 (train.learningRate=0.001, fold 1): running"));
      assertEquals(await taskBytes(out), expected);
      const again = await runCli("cli/sweep.ts", ["--resume", out]);
      assertEquals(again.code, 0, again.stderr);
      assertStringIncludes(again.stdout, "4 of 4 complete");
      assert(!again.stdout.includes("running"), again.stdout);
    });

    await t.step(
      "--dry-run writes the sweep (and the sbatch script) and runs nothing",
      async () => {
        const dry = join(dir, "dry");
        const local = await runCli("cli/sweep.ts", [
          "--data",
          data,
          "--out",
          dry,
          "--dry-run",
          ...QUICK,
        ]);
        assertEquals(local.code, 0, local.stderr);
        assertStringIncludes(local.stdout, `dry run: 4 task(s) to run`);
        const slurmDry = join(dir, "slurm-dry");
        const slurm = await runCli(
          "cli/sweep.ts",
          [
            "--data",
            data,
            "--out",
            slurmDry,
            "--slurm",
            "--dry-run",
            "--partition",
            "debug",
            "--time",
            "00:10:00",
            ...QUICK,
            "--",
            "--qos=short",
          ],
          { PATH: join(dir, "nowhere") },
        );
        assertEquals(slurm.code, 0, slurm.stderr);
        const script = await Deno.readTextFile(join(slurmDry, "sweep.sbatch"));
        assertStringIncludes(script, "#SBATCH --array=0-3\n");
        assertStringIncludes(script, "#SBATCH --partition=debug\n#SBATCH --time=00:10:00\n");
        assertStringIncludes(script, "#SBATCH --qos=short\n");
        await Deno.stat(join(slurmDry, "runs")).then(
          () => assert(false, "a dry run ran a task"),
          () => {},
        );
      },
    );

    await t.step("--folds larger than the actors fails before writing", async () => {
      const line = assertOneErrorLine(
        await runCli("cli/sweep.ts", [
          "--data",
          data,
          "--out",
          join(dir, "too-many"),
          "--folds",
          "7",
          "--actors",
          "1-6",
        ]),
      );
      assertStringIncludes(line, "--folds must be at most the number of actors (6)");
      await Deno.stat(join(dir, "too-many")).then(
        () => assert(false, "the sweep folder was written"),
        () => {},
      );
    });
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test("feature cache: processes computing the same entries at once leave every entry whole and identical", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serlab-cache-race-" });
  try {
    const items = await writeClips(dir, 12);
    const cacheDir = join(dir, "cache");
    const go = join(dir, "go");
    const overrides = { audio: { offset: 0.1, duration: 1 } };
    const lib = (path: string) => pathToFileURL(join(repoRoot, "lib", path)).href;
    // Each child loads the pipeline, says ready, waits for the go file, then
    // computes every item through the shared cache and prints a hash of the features.
    const child = `
      import { computeFeatures } from "${lib("pipeline/mod.ts")}";
      import { withConfig } from "${lib("config/mod.ts")}";
      import { createHash } from "node:crypto";
      const items = JSON.parse(Deno.env.get("ITEMS"));
      console.log("ready");
      while (true) { try { Deno.statSync(${
      JSON.stringify(go)
    }); break; } catch { await new Promise((r) => setTimeout(r, 5)); } }
      const set = await computeFeatures(items, withConfig(${JSON.stringify(overrides)}), {
        workers: 1, cacheDir: ${JSON.stringify(cacheDir)},
      });
      const hash = createHash("sha256").update(new Uint8Array(set.data.buffer)).digest("hex");
      console.log(JSON.stringify({ hash, stats: set.stats }));`;
    const children = Array.from({ length: 4 }, () =>
      new Deno.Command(Deno.execPath(), {
        args: ["eval", "--ext=ts", child],
        cwd: repoRoot,
        env: { ITEMS: JSON.stringify(items), NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).spawn());
    const readers = children.map((c) => c.stdout.pipeThrough(new TextDecoderStream()).getReader());
    const texts = children.map(() => "");
    await Promise.all(readers.map(async (reader, i) => {
      while (!texts[i].includes("ready")) {
        const { value, done } = await reader.read();
        if (done) break;
        texts[i] += value;
      }
    }));
    await Deno.writeTextFile(go, "");
    const outcomes = await Promise.all(children.map(async (c, i) => {
      while (true) {
        const { value, done } = await readers[i].read();
        if (done) break;
        texts[i] += value;
      }
      const status = await c.status;
      const stderr = await new Response(c.stderr).text();
      assertEquals(status.code, 0, stderr);
      return JSON.parse(texts[i].trim().split("\n").at(-1)!);
    }));
    const reference = await computeFeatures(items, withConfig(overrides), {
      workers: 1,
      cacheDir: null,
    });
    const { createHash } = await import("node:crypto");
    const expected = createHash("sha256").update(new Uint8Array(reference.data.buffer)).digest(
      "hex",
    );
    for (const outcome of outcomes) assertEquals(outcome.hash, expected);
    // The processes raced: together they computed more entries than there are.
    const computed = outcomes.reduce((sum, o) => sum + o.stats.computed, 0);
    assertGreater(computed, items.length, JSON.stringify(outcomes.map((o) => o.stats)));

    const files = cacheFiles(cacheDir);
    assertEquals(files.filter((f) => !f.endsWith(".mel")), [], "a temporary file was left");
    assertEquals(files.length, items.length);
    const warnings: string[] = [];
    const cache = new FeatureCache(cacheDir, { onCorrupt: (line) => warnings.push(line) });
    for (const file of files) {
      const result = await cache.read(file.split("/")[1].replace(/\.mel$/, ""));
      assertEquals(result.status, "hit", file);
    }
    assertEquals(warnings, []);
    const warm = await computeFeatures(items, withConfig(overrides), { workers: 1, cacheDir });
    assertEquals(warm.stats, { computed: 0, cached: items.length, corrupt: 0 });
    assertEquals(new Uint8Array(warm.data.buffer), new Uint8Array(reference.data.buffer));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
