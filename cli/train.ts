/**
 * `deno task train`: the seed's experiment end to end. Installs the data
 * when missing, splits files before augmentation (a protocol, K folds by
 * actor, or given lists), trains with checkpoints, evaluates on the test
 * split and writes a run folder.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { initBackend } from "../lib/backend/mod.ts";
import { EMOTIONS } from "../lib/dataset/mod.ts";
import {
  aggregateFolds,
  evaluatePredictions,
  type PredictionRecord,
  predictionRecords,
  predictionsToCsv,
  type RunMetrics,
} from "../lib/eval/mod.ts";
import { saveModelFolder } from "../lib/model/mod.ts";
import { progressReporter } from "../lib/report/progress.ts";
import {
  type EpochLog,
  openRunFolder,
  predictProbabilities,
  prepareData,
  type PreparedData,
  type SplitSpec,
  trainModel,
  writeJsonAtomic,
} from "../lib/train/mod.ts";
import { ensureData } from "./_data.ts";
import { parseFlags, runMain } from "./_cli.ts";
import { parseTrainFlags, TRAIN_FLAGS, TRAIN_HELP, type TrainPlan } from "./_train_flags.ts";
import { SWEEP_TASK_FLAGS, sweepTaskPlan } from "../lib/sweep/sweep_task_plan.ts";

/** The outcome of one run folder. */
interface RunOutcome {
  metrics: RunMetrics;
  records: PredictionRecord[];
  history: EpochLog[];
  seconds: number;
}

async function main(): Promise<number> {
  const flags = parseFlags(Deno.args, { ...TRAIN_FLAGS, ...SWEEP_TASK_FLAGS });
  if (flags.help) {
    console.log(TRAIN_HELP);
    return 0;
  }
  const plan: TrainPlan = flags.sweep === undefined && flags.task === undefined
    ? await parseTrainFlags(flags)
    : await sweepTaskPlan(flags); // one task of a sweep: every setting from its sweep.json
  const dataDir = await ensureData(plan.data, plan.dataGiven);
  const backend = await initBackend();
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    controller.abort(new Error("interrupted"));
  };
  Deno.addSignalListener("SIGINT", onSigint);
  try {
    if (plan.folds === undefined) {
      await runOne(plan, dataDir, plan.split, plan.out, backend, controller.signal);
      return 0;
    }
    const folds = plan.fold === undefined
      ? Array.from({ length: plan.folds }, (_, i) => i + 1)
      : [plan.fold];
    const outcomes: RunOutcome[] = [];
    for (const fold of folds) {
      console.log(`\n== fold ${fold} of ${plan.folds}`);
      outcomes.push(
        await runOne(
          plan,
          dataDir,
          { kind: "fold", folds: plan.folds, fold },
          join(plan.out, `fold-${fold}`),
          backend,
          controller.signal,
        ),
      );
    }
    await aggregate(plan);
    return 0;
  } catch (error) {
    if (interrupted) {
      console.error(
        `\nerror: interrupted; the last epoch's checkpoint is kept. Resume with: deno task train ${
          resumeArgs(plan)
        }`,
      );
      return 130;
    }
    throw error;
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
  }
}

async function runOne(
  plan: TrainPlan,
  dataDir: string,
  split: SplitSpec,
  out: string,
  backend: Awaited<ReturnType<typeof initBackend>>,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const started = performance.now();
  const { config } = plan;
  const features = progressReporter(null, { label: "features" });
  let data: PreparedData;
  try {
    data = await prepareData(dataDir, {
      config,
      split,
      actors: plan.actors,
      workers: plan.workers,
      onProgress: ({ done, total }) => features.update(done, total),
      signal,
    });
  } finally {
    features.stop();
  }
  const settings = {
    config,
    split: split.kind === "lists" ? { kind: "lists", source: split.source } : split,
    actors: plan.actors ?? null,
    dataHash: data.dataHash,
  };
  const command = `deno task train ${Deno.args.join(" ")}`;
  const startedAt = new Date().toISOString();
  const resumed = await openRunFolder(out, settings, {
    backend,
    versions: { deno: Deno.version.deno, tfjs: tf.version.tfjs, serlab: plan.serlabVersion },
    command,
    startedAt,
  }, { resume: plan.resume, force: plan.force });
  if (resumed && await isComplete(out)) {
    console.log(`${out} is complete; its metrics are reused`);
    return await readOutcome(out);
  }
  await writeJsonAtomic(join(out, "split.json"), data.record);
  const log = await Deno.open(join(out, "train.log"), { append: true, create: true, write: true });
  const say = (line: string) => {
    console.log(line);
    log.writeSync(new TextEncoder().encode(line + "\n"));
  };
  if (resumed) say(`resumed at ${startedAt} by ${command}`);
  say(
    `${resumed ? "resuming" : "run"} ${out}: ${data.train.labels.length} training items ` +
      `(${data.split.train.length} files × ${config.augment.versions.join("+")}), ` +
      `${data.validation.labels.length} validation, ${data.test.labels.length} test; ${backend.line}`,
  );
  let bar: ReturnType<typeof progressReporter> | null = null;
  const result = await trainModel(data.train, data.validation, {
    model: config.model,
    train: config.train,
    checkpointDir: out,
    resume: plan.resume,
    signal,
    onStep: (p) => {
      // Logs and pipes get the epoch lines alone; a terminal also gets a bar.
      if (!Deno.stderr.isTerminal()) return;
      if (p.step === 1) {
        bar?.stop();
        bar = progressReporter(p.steps, { label: `epoch ${p.epoch}/${p.epochs}`, unit: "steps" });
      }
      bar!.update(p.step);
    },
    onEpoch: (e) => {
      bar?.stop();
      bar = null;
      say(formatEpoch(e, config.train.epochs));
    },
  }).finally(() => (bar as ReturnType<typeof progressReporter> | null)?.stop());
  if (result.resumedFrom > 0) say(`resumed after epoch ${result.resumedFrom}`);
  say(
    `best epoch ${result.bestEpoch} of ${result.history.length}` +
      (result.stoppedEarly ? " (stopped early)" : ""),
  );
  await saveModelFolder(result.model, join(out, "model"), {
    format: "serlab-model/1",
    labels: [...EMOTIONS],
    inputShape: [data.test.shape[0], data.test.shape[1], 1],
    normalization: data.normalization,
    audio: config.audio,
    features: config.features,
  });
  const probabilities = predictProbabilities(result.model, data.test);
  const records = predictionRecords(data.split.test, probabilities, {
    dataDir,
    ...(split.kind === "fold" ? { fold: split.fold } : {}),
  });
  const metrics = evaluatePredictions(records);
  await writeJsonAtomic(join(out, "history.json"), result.history);
  await Deno.writeTextFile(join(out, "predictions.csv"), predictionsToCsv(records));
  await writeJsonAtomic(join(out, "metrics.json"), metrics);
  result.model.dispose();
  const seconds = (performance.now() - started) / 1000;
  for (const line of summary(metrics, result.history, seconds, backend.line)) say(line);
  log.close();
  return { metrics, records, history: result.history, seconds };
}

function formatEpoch(e: EpochLog, epochs: number): string {
  return `epoch ${String(e.epoch).padStart(String(epochs).length)}/${epochs}  ` +
    `loss ${e.loss.toFixed(4)}  acc ${e.accuracy.toFixed(4)}  ` +
    `val_loss ${e.valLoss.toFixed(4)}  val_acc ${e.valAccuracy.toFixed(4)}  ` +
    `lr ${e.lr.toExponential(1)}  ${e.seconds.toFixed(1)} s`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function ci(metrics: RunMetrics, key: "accuracy" | "macroF1" | "uar" | "genderGap"): string {
  const interval = metrics.ci?.[key];
  return interval ? `  [${pct(interval.low)}, ${pct(interval.high)}]` : "";
}

function summary(
  metrics: RunMetrics,
  history: EpochLog[],
  seconds: number,
  backendLine: string,
): string[] {
  const perEpoch = history.reduce((s, e) => s + e.seconds, 0) / Math.max(history.length, 1);
  const { male, female } = metrics.byGender;
  return [
    "",
    `test split (${metrics.n} clips)     value   95% CI`,
    `  accuracy                 ${pct(metrics.accuracy).padStart(6)}${ci(metrics, "accuracy")}`,
    `  macro-F1                 ${pct(metrics.macroF1).padStart(6)}${ci(metrics, "macroF1")}`,
    `  UAR                      ${pct(metrics.uar).padStart(6)}${ci(metrics, "uar")}`,
    `  male accuracy (${String(male.n).padStart(3)})      ${pct(male.accuracy).padStart(6)}`,
    `  female accuracy (${String(female.n).padStart(3)})    ${pct(female.accuracy).padStart(6)}`,
    `  male − female gap        ${pct(metrics.genderGap).padStart(6)}${ci(metrics, "genderGap")}`,
    `wall time ${(seconds / 60).toFixed(1)} min, ${
      perEpoch.toFixed(1)
    } s per epoch, ${history.length} epochs`,
    backendLine,
  ];
}

async function isComplete(out: string): Promise<boolean> {
  try {
    await Deno.stat(join(out, "metrics.json"));
    await Deno.stat(join(out, "model", "serlab.json"));
    return true;
  } catch {
    return false;
  }
}

async function readOutcome(out: string): Promise<RunOutcome> {
  const { parsePredictionsCsv } = await import("../lib/eval/mod.ts");
  return {
    metrics: JSON.parse(await Deno.readTextFile(join(out, "metrics.json"))),
    records: parsePredictionsCsv(await Deno.readTextFile(join(out, "predictions.csv"))),
    history: JSON.parse(await Deno.readTextFile(join(out, "history.json"))),
    seconds: 0,
  };
}

/** Aggregates a K-fold run once every fold folder is complete. */
async function aggregate(plan: TrainPlan): Promise<void> {
  const folds = Array.from({ length: plan.folds! }, (_, i) => join(plan.out, `fold-${i + 1}`));
  const missing: number[] = [];
  for (const [i, dir] of folds.entries()) if (!(await isComplete(dir))) missing.push(i + 1);
  if (missing.length > 0) {
    console.log(
      `\n${plan.folds} folds: ${missing.length} not run yet (${
        missing.join(", ")
      }); the aggregate is written when all are complete`,
    );
    return;
  }
  const outcomes = await Promise.all(folds.map(readOutcome));
  const kfold = aggregateFolds(outcomes.map((o) => o.records));
  await writeJsonAtomic(join(plan.out, "metrics.json"), kfold);
  await Deno.writeTextFile(
    join(plan.out, "predictions.csv"),
    predictionsToCsv(outcomes.flatMap((o) => o.records)),
  );
  const pm = (key: "accuracy" | "macroF1" | "uar" | "genderGap") =>
    `${pct(kfold.mean[key])} ± ${pct(kfold.std[key])}`;
  console.log(`\n${plan.folds}-fold cross-validation by actor (mean ± sample std over folds)`);
  console.log(
    `  accuracy  ${pm("accuracy")}   pooled ${pct(kfold.pooled.accuracy)}${
      ci(kfold.pooled, "accuracy")
    }`,
  );
  console.log(
    `  macro-F1  ${pm("macroF1")}   pooled ${pct(kfold.pooled.macroF1)}${
      ci(kfold.pooled, "macroF1")
    }`,
  );
  console.log(
    `  UAR       ${pm("uar")}   pooled ${pct(kfold.pooled.uar)}${ci(kfold.pooled, "uar")}`,
  );
  console.log(
    `  gap m−f   ${pm("genderGap")}   pooled ${pct(kfold.pooled.genderGap)}${
      ci(kfold.pooled, "genderGap")
    }`,
  );
  console.log(`written: ${join(plan.out, "metrics.json")}`);
}

function resumeArgs(plan: TrainPlan): string {
  const args = Deno.args.filter((a) => a !== "--resume" && a !== "--force");
  if (!args.some((a) => a === "--out" || a.startsWith("--out="))) args.push("--out", plan.out);
  return [...args, "--resume"].join(" ");
}

if (import.meta.main) runMain(main);
