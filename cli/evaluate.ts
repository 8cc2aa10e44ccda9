/**
 * `deno task evaluate --run runs/<name>`: predicts a run's test files with
 * its saved model, through the same batch call as `deno task predict`
 * (`predictFiles`), and writes the metrics, the predictions and the HTML
 * report into the run folder; a k-fold run is evaluated fold by fold and
 * aggregated. `--model <dir> --data <folder> [--split <file>] --out <dir>`
 * evaluates any model folder on any RAVDESS clips.
 *
 * @module
 */
import { basename, join, relative, resolve } from "node:path";
import { initBackend } from "../lib/backend/mod.ts";
import { DEFAULT_CONFIG, SERLAB_VERSION } from "../lib/config/mod.ts";
import { EMOTIONS, parseRavdessName, type RavdessName, scanRavdess } from "../lib/dataset/mod.ts";
import {
  aggregateFolds,
  evaluatePredictions,
  formatMetricsTable,
  type KFoldMetrics,
  type PredictionRecord,
  predictionsToCsv,
  type RunMetrics,
} from "../lib/eval/mod.ts";
import { loadPredictor, predictFiles } from "../lib/predict/mod.ts";
import { writeRunReport } from "../lib/report/mod.ts";
import { progressReporter } from "../lib/report/progress.ts";
import { writeJsonAtomic, writeTextAtomic } from "../lib/train/run_folder.ts";
import { parseFlags, runMain } from "./_cli.ts";
import { exportFigures, plotlyPlacement, REPORT_FLAGS } from "./report.ts";
import { exists, readJsonIfPresent } from "../lib/_fs/mod.ts";

const DEFAULT_DATA = DEFAULT_CONFIG.data.ravdessDir;

const HELP = `Usage: deno task evaluate --run <run folder> [options]
       deno task evaluate --model <dir> --out <dir> [--data <folder>] [--split <file>] [options]

Predicts every test file with the model, through the batch call of \`deno task
predict\` (so both give the same numbers), and writes into the run folder:
  metrics.json      accuracy, macro-F1, UAR with 95% bootstrap intervals, per
                    class, per gender (and the gap), per actor, intensity, statement
  predictions.csv   file, actor, gender, emotion, intensity, statement, predicted,
                    fold, and the probability of each of the ${EMOTIONS.length} emotions
  report.html       the run's report (tables, settings, figures; offline)
then prints a summary table.

What to evaluate (one of):
  --run <folder>     a run folder of \`deno task train\`: its model/ on the test
                     files of its split.json. A k-fold parent (fold-1/ ... fold-K/):
                     each fold's model on its own test files, each fold folder
                     getting its metrics.json and predictions.csv, and the parent
                     the aggregate (mean ± std over folds, pooled) and one report.
  --model <dir>      a model folder (model.json, weights.bin, serlab.json) ...
  --split <file>     ... on the "test" files of a JSON file ({"test": [files]},
                     e.g. a split.json; paths relative to --data)  [every clip of --data]
  --out <dir>        ... writing into this folder (needed with --model)

Options:
  --data <folder>    the RAVDESS folder the files are read from  [${DEFAULT_DATA}]
  --plotly-dir <dir> write plotly.min.js once into <dir> and load it from there
                     [inline: the report holds plotly.js and works alone]
  --png              also each figure as PNG through headless Chromium, into
                     <folder>/figures/; without Chromium the report is still
                     written and one line says the PNGs were skipped
  -h, --help         show this help

Example:
  deno task evaluate --run runs/random-ref --png`;

const FLAGS = {
  ...REPORT_FLAGS,
  run: { type: "string" },
  model: { type: "string" },
  data: { type: "string" },
  split: { type: "string" },
} as const;

/** One model and the files it is evaluated on. */
interface Job {
  /** The model folder. */
  model: string;
  /** Test files, relative to the data folder. */
  files: string[];
  /** Where its metrics.json and predictions.csv go. */
  out: string;
  /** The fold (1-based) of a k-fold run's fold folder. */
  fold?: number;
}

async function main(): Promise<number> {
  const flags = parseFlags(Deno.args, FLAGS);
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  if ((flags.run === undefined) === (flags.model === undefined)) {
    throw new TypeError("give either --run <run folder> or --model <dir> --out <dir> (see --help)");
  }
  if (flags.run !== undefined && (flags.split !== undefined || flags.out !== undefined)) {
    throw new TypeError(
      "--split and --out go with --model; --run reads its run's split.json and writes into the run",
    );
  }
  const data = flags.data ?? DEFAULT_DATA;
  await mustBeFolder(data, "--data");
  const placement = (dir: string) => plotlyPlacement(dir, flags["plotly-dir"]);

  let folder: string;
  let jobs: Job[];
  if (flags.run !== undefined) {
    folder = flags.run;
    jobs = await runJobs(folder);
  } else {
    if (flags.out === undefined) throw new TypeError("--model needs --out <dir> for its results");
    folder = flags.out;
    await mustBeFolder(flags.model!, "--model");
    const files = flags.split === undefined
      ? await allClips(data)
      : await readTestList(flags.split);
    await refuseTrainingRun(folder);
    jobs = [{ model: flags.model!, files, out: folder }];
  }
  placement(folder); // a bad --plotly-dir fails before the work

  await initBackend({ log: null });
  const results: PredictionRecord[][] = [];
  for (const job of jobs) results.push(await predictJob(job, data));

  let headline: RunMetrics;
  if (flags.model !== undefined) {
    await Deno.mkdir(folder, { recursive: true });
    await writeJsonAtomic(
      join(folder, "config.json"),
      evaluationConfig(flags.model, data, flags.split),
    );
  }
  if (jobs.length === 1 && jobs[0].fold === undefined) {
    headline = evaluatePredictions(results[0]);
    await writeResults(folder, headline, results[0]);
    console.log(`evaluated ${jobs[0].model} on ${results[0].length} clips of ${data}`);
  } else {
    for (const [i, job] of jobs.entries()) {
      await writeResults(job.out, evaluatePredictions(results[i]), results[i]);
    }
    const kfold = aggregateFolds(results);
    await writeResults(folder, kfold, results.flat());
    headline = kfold.pooled;
    printFolds(kfold, jobs);
  }
  const figures = await writeRunReport(folder, { plotly: placement(folder) });
  console.log(formatMetricsTable(headline));
  console.log(
    `written: ${join(folder, "metrics.json")}, ${join(folder, "predictions.csv")}, ${
      join(folder, "report.html")
    }`,
  );
  if (flags.png) await exportFigures(figures, join(folder, "figures"));
  return 0;
}

/** The jobs of a run folder: one for a single run, one per fold for a k-fold parent. */
async function runJobs(run: string): Promise<Job[]> {
  await mustBeFolder(run, "--run");
  if (await exists(join(run, "split.json")) || await exists(join(run, "model"))) {
    return [await foldJob(run, undefined)];
  }
  const folds: number[] = [];
  for await (const entry of Deno.readDir(run)) {
    const match = /^fold-(\d+)$/.exec(entry.name);
    if (entry.isDirectory && match) folds.push(Number(match[1]));
  }
  if (folds.length === 0) {
    throw new Error(
      `${run}: not a run folder (no split.json and model/, nor fold-1/ ... fold-K/): ` +
        "train one with `deno task train --out <folder>`",
    );
  }
  folds.sort((a, b) => a - b);
  const jobs: Job[] = [];
  for (const fold of folds) jobs.push(await foldJob(join(run, `fold-${fold}`), fold));
  const config = await readJsonIfPresent<{ settings?: { split?: { folds?: number } } }>(
    join(run, `fold-${folds[0]}`, "config.json"),
  );
  const k = config?.settings?.split?.folds;
  const missing = k !== undefined && Number.isInteger(k)
    ? Array.from({ length: k }, (_, i) => i + 1).filter((f) => !folds.includes(f))
    : [];
  if (missing.length > 0) {
    throw new Error(
      `${run}: ${folds.length} of ${k} folds are trained (missing: ${missing.join(", ")}); ` +
        "train the others with `deno task train --folds " + k + " --fold <n>` first",
    );
  }
  return jobs;
}

/** The job of one run folder (a single run, or a k-fold run's fold folder). */
async function foldJob(dir: string, fold: number | undefined): Promise<Job> {
  const model = join(dir, "model");
  if (!(await exists(join(model, "serlab.json")))) {
    throw new Error(
      `${dir}: no model (${join(model, "serlab.json")} is missing; is the training finished? ` +
        `resume it with \`deno task train --out ${dir} --resume\` and its other flags)`,
    );
  }
  const split = await readJsonIfPresent<{ test?: unknown }>(join(dir, "split.json"));
  if (!isFileList(split?.test)) {
    throw new Error(`${dir}: split.json has no "test" list of files`);
  }
  return { model, files: split.test, out: dir, ...(fold === undefined ? {} : { fold }) };
}

/** Predicts a job's files and returns one record per file, in order. */
async function predictJob(job: Job, data: string): Promise<PredictionRecord[]> {
  const model = await loadPredictor(job.model);
  try {
    const { labels } = model.metadata;
    if (labels.length !== EMOTIONS.length || labels.some((l, i) => l !== EMOTIONS[i])) {
      throw new Error(
        `${job.model}: its labels are not RAVDESS's ${EMOTIONS.length} emotions in order: ${
          labels.join(", ")
        }`,
      );
    }
    const names = job.files.map((file) => clipName(file));
    const label = job.fold === undefined ? "predict" : `predict fold ${job.fold}`;
    const progress = Deno.stderr.isTerminal()
      ? progressReporter(job.files.length, { label, unit: "files" })
      : null;
    const results = await predictFiles(model, job.files.map((file) => join(data, file)), {
      onResult: (_, i) => progress?.update(i + 1),
    }).finally(() => progress?.stop());
    return results.map((result, i) => {
      if (result.error) {
        throw new Error(`${job.files[i]}: ${result.error.reason} (under ${data})`);
      }
      const name = names[i];
      return {
        file: job.files[i],
        actor: name.actor,
        gender: name.gender,
        emotion: name.emotion,
        intensity: name.intensity,
        statement: name.statement,
        predicted: result.prediction.emotion as PredictionRecord["predicted"],
        probabilities: EMOTIONS.map((label) => result.prediction.probabilities[label]),
        ...(job.fold === undefined ? {} : { fold: job.fold }),
      };
    });
  } finally {
    model.model.dispose();
  }
}

function clipName(file: string): RavdessName {
  try {
    return parseRavdessName(basename(file));
  } catch (error) {
    throw new Error(`${file}: not a RAVDESS speech clip name (${(error as Error).message})`);
  }
}

async function writeResults(
  dir: string,
  metrics: RunMetrics | KFoldMetrics,
  records: PredictionRecord[],
): Promise<void> {
  await writeJsonAtomic(join(dir, "metrics.json"), metrics);
  await writeTextAtomic(join(dir, "predictions.csv"), predictionsToCsv(records));
}

function printFolds(kfold: KFoldMetrics, jobs: Job[]): void {
  const p = (x: number) => Number.isNaN(x) ? "n/a" : x.toFixed(4);
  const keys = ["accuracy", "macroF1", "uar", "genderGap"] as const;
  const head = ["", "n", "accuracy", "macro-F1", "UAR", "gap (m-f)"];
  const rows = kfold.folds.map((m, i) => [
    `fold ${jobs[i].fold}`,
    String(m.n),
    ...keys.map((k) => p(m[k])),
  ]);
  rows.push(["mean", "", ...keys.map((k) => p(kfold.mean[k]))]);
  rows.push(["std", "", ...keys.map((k) => p(kfold.std[k]))]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((cell, c) => c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])).join("  ");
  console.log(`${jobs.length} folds, each model on its own test files (std: sample, over folds)`);
  console.log([head, ...rows].map(line).join("\n"));
  console.log("\npooled: all folds' predictions together");
}

/** Every RAVDESS speech clip under `data`, relative to it. */
async function allClips(data: string): Promise<string[]> {
  const { clips } = await scanRavdess(data);
  return clips.map((clip) => relative(data, clip.path));
}

/** The "test" list of a split-like JSON file. */
async function readTestList(path: string): Promise<string[]> {
  let value;
  try {
    value = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    throw new TypeError(`--split ${path}: cannot read it as JSON (${(error as Error).message})`);
  }
  if (!isFileList(value?.test) || value.test.length === 0) {
    throw new TypeError(`--split ${path}: needs {"test": [files]} with at least one file`);
  }
  return value.test;
}

/** Refuses an `--out` that is a training run folder: its config.json is not ours to replace. */
async function refuseTrainingRun(out: string): Promise<void> {
  const config = await readJsonIfPresent<{ settings?: unknown }>(join(out, "config.json"));
  if (config?.settings !== undefined) {
    throw new Error(`--out ${out} is a training run folder: evaluate it with --run ${out}`);
  }
}

/** What an evaluation folder's config.json records: what was evaluated, and how. */
function evaluationConfig(model: string, data: string, split: string | undefined) {
  return {
    evaluation: {
      model: resolve(model),
      data: resolve(data),
      split: split === undefined ? "every clip of data" : resolve(split),
    },
    versions: { deno: Deno.version.deno, serlab: SERLAB_VERSION },
    command: `deno task evaluate ${Deno.args.join(" ")}`,
    startedAt: new Date().toISOString(),
  };
}

function isFileList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

async function mustBeFolder(path: string, flag: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch {
    throw new Error(`${flag} ${path}: no such folder`);
  }
  if (!info.isDirectory) throw new Error(`${flag} ${path}: not a folder`);
}
if (import.meta.main) runMain(main);
