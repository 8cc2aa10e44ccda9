/**
 * `deno task sweep`: many training runs at once. Describes the folds of a
 * k-fold cross-validation by actor, a grid over any config setting and
 * seeds as tasks in a sweep folder (`sweep.json`), and runs them: on this
 * machine, N processes at a time, or as a Slurm array job. `--resume` runs
 * only the tasks without a complete run folder.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { scanRavdess } from "../lib/dataset/mod.ts";
import { type KFoldMetrics, predictionsToCsv, type RunMetrics } from "../lib/eval/mod.ts";
import { writeJsonAtomic, writeTextAtomic } from "../lib/train/mod.ts";
import { FINAL_STATES, onPath, squeueStates } from "../lib/sweep/_slurm.ts";
import { isRunComplete } from "../lib/sweep/_files.ts";
import { SweepProgress } from "../lib/sweep/_progress.ts";
import { type FollowedJob, followSlurm } from "../lib/sweep/follow_slurm.ts";
import { gatherSweep, type SweepResults } from "../lib/sweep/gather_sweep.ts";
import { parseGrid } from "../lib/sweep/parse_grid.ts";
import { planSweep } from "../lib/sweep/plan_sweep.ts";
import { readSweep } from "../lib/sweep/read_sweep.ts";
import { runLocal } from "../lib/sweep/run_local.ts";
import { sbatchScript } from "../lib/sweep/sbatch_script.ts";
import { SBATCH_MISSING, submitSlurm } from "../lib/sweep/submit_slurm.ts";
import { sweepStatus } from "../lib/sweep/sweep_status.ts";
import type { SlurmOptions, SlurmRecord, SweepSpec, SweepTask } from "../lib/sweep/types.ts";
import { writeSweep } from "../lib/sweep/write_sweep.ts";
import { countFlag, parseFlags, runMain } from "./_cli.ts";
import { ensureData } from "./_data.ts";
import { parseTrainFlags, TRAIN_FLAGS } from "./_train_flags.ts";

/** The help text. */
export const SWEEP_HELP = `Usage: deno task sweep [options] [-- sbatch options]
       deno task sweep --resume <sweep folder> [executor options]

Describes a set of training runs and runs them. Each grid point (one value
per --grid, one seed) runs the folds of --folds K (or one run); each run is a
task, run as \`deno task train --sweep <dir> --task <i>\`. The sweep folder holds
  sweep.json         every task's full config, split and run folder
  runs/point-<p>/    the run folders (fold-<k>/ for k-fold sweeps); when all
                     folds are done, the pooled metrics.json and predictions.csv
  logs/task-<i>.log  each task's output
  sweep.sbatch       the Slurm array script (--slurm); slurm.json its submissions

What to run:
  --folds <k>              each point runs the k folds of a cross-validation by actor
  --grid <key=v1,v2,...>   a config setting (lib/config, e.g. train.learningRate,
                           augment.versions, model.widths) and its values; repeat for
                           more axes; + joins list items: augment.versions=original,original+noise
  --seeds <list>           each point once per seed (train.seed and split.seed), e.g. 1,2,3
  and deno task train's settings, for every task: --data --actors --workers --protocol
  --split --seed --augment --no-class-weights --no-lr-schedule --no-gender-rule
  --no-early-stopping --head --widths --dropout --epochs --lr --batch-size --quick
Sweep folder:
  --out <dir>              the sweep folder (must not exist)   [sweeps/<date>-<time>]
  --resume <dir>           run only the tasks without a complete run folder (and list
                           the failed ones with the last line of their log)
  --dry-run                write the sweep folder (and sbatch script) and run nothing
Executor (local by default: each task a process on this machine):
  --jobs <n>               tasks at once (local [1]; Slurm: array throttle %n [none])
  --slurm                  submit a Slurm array job (sbatch) and follow it (squeue, scontrol)
  --local                  with --resume: run here a sweep that was submitted to Slurm
  --partition <name>       sbatch --partition
  --time <limit>           sbatch --time, per task, e.g. 01:00:00
  --cpus-per-task <n>      sbatch --cpus-per-task
  --mem <size>             sbatch --mem, e.g. 8G
  --account <name>         sbatch --account
  -- <options>             further sbatch options, passed through, e.g. -- --qos=short
  -h, --help               show this help

Ctrl-C: local tasks stop at their next step and keep their checkpoints; a
Slurm array keeps running (--resume follows it again and submits only what is
neither complete nor queued).
Exit status: 0 every task complete, 1 error or a task incomplete (one line), 130 interrupted.`;

const { out: _out, resume: _resume, force: _force, fold: _fold, help: _help, ...SHARED_TRAIN } =
  TRAIN_FLAGS;

/** The flags, as `parseFlags` takes them. */
export const SWEEP_FLAGS = {
  ...SHARED_TRAIN,
  grid: { type: "string", multiple: true },
  seeds: { type: "string" },
  out: { type: "string" },
  resume: { type: "string" },
  "dry-run": { type: "boolean" },
  jobs: { type: "string" },
  slurm: { type: "boolean" },
  local: { type: "boolean" },
  partition: { type: "string" },
  time: { type: "string" },
  "cpus-per-task": { type: "string" },
  mem: { type: "string" },
  account: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Flags = ReturnType<typeof parseFlags<typeof SWEEP_FLAGS>>;

const SLURM_FLAGS = ["partition", "time", "cpus-per-task", "mem", "account"] as const;

async function main(): Promise<number> {
  const dash = Deno.args.indexOf("--");
  const args = dash < 0 ? Deno.args : Deno.args.slice(0, dash);
  const extra = dash < 0 ? undefined : Deno.args.slice(dash + 1);
  const flags = parseFlags(args, SWEEP_FLAGS);
  if (flags.help) {
    console.log(SWEEP_HELP);
    return 0;
  }
  if (flags.slurm && flags.local) {
    throw new TypeError("--slurm and --local cannot be used together");
  }
  if (flags.local && flags.resume === undefined) {
    throw new TypeError("--local is for --resume: a new sweep runs locally unless --slurm");
  }
  const jobs = countFlag("jobs", flags.jobs, undefined);
  const slurmGiven = SLURM_FLAGS.filter((f) => flags[f] !== undefined);
  const cpusPerTask = countFlag("cpus-per-task", flags["cpus-per-task"], undefined);
  const slurmFlags: SlurmOptions = {
    ...(flags.partition !== undefined ? { partition: flags.partition } : {}),
    ...(flags.time !== undefined ? { time: flags.time } : {}),
    ...(cpusPerTask !== undefined ? { cpusPerTask } : {}),
    ...(flags.mem !== undefined ? { mem: flags.mem } : {}),
    ...(flags.account !== undefined ? { account: flags.account } : {}),
    ...(extra !== undefined ? { extra } : {}),
  };

  let dir: string;
  let spec: SweepSpec;
  let slurm: boolean;
  if (flags.resume !== undefined) {
    const setting = Object.keys(SHARED_TRAIN).concat("grid", "seeds", "out")
      .find((key) => flags[key as keyof Flags] !== undefined);
    if (setting !== undefined) {
      throw new TypeError(
        `--resume takes every setting from the sweep's sweep.json: --${setting} cannot be used with it`,
      );
    }
    dir = flags.resume;
    spec = await readSweep(dir);
    slurm = flags.slurm === true ||
      (!flags.local && await Deno.stat(join(dir, "slurm.json")).then(() => true, () => false));
    checkExecutor(slurm, slurmGiven, extra, flags["dry-run"]);
  } else {
    slurm = flags.slurm === true;
    checkExecutor(slurm, slurmGiven, extra, flags["dry-run"]);
    ({ dir, spec } = await newSweep(flags));
  }

  const { points, tasks, folds } = spec;
  console.log(
    `sweep ${dir}: ${tasks.length} task${
      tasks.length === 1 ? "" : "s"
    } = ${points.length} grid point${points.length === 1 ? "" : "s"} × ${
      folds === null ? "1 run" : `${folds} folds`
    }`,
  );
  const status = await sweepStatus(dir, spec);
  let todo = status.filter((s) => !s.complete).map((s) => s.index);
  if (flags.resume !== undefined) {
    console.log(`${tasks.length - todo.length} of ${tasks.length} complete`);
  }

  if (slurm) {
    const record = await readSlurmRecord(dir);
    const options: SlurmOptions = { ...record.options, ...slurmFlags, ...(jobs ? { jobs } : {}) };
    // Tasks still queued or running in an earlier submission are followed, not submitted again.
    const active: FollowedJob[] = [];
    for (const submission of record.submissions) {
      const states = await squeueStates(submission.jobId);
      const indices = submission.indices.filter((i) =>
        todo.includes(i) && states.has(i) && !FINAL_STATES.has(states.get(i)!)
      );
      if (indices.length > 0) active.push({ jobId: submission.jobId, indices });
    }
    const queued = new Set(active.flatMap((job) => job.indices));
    listFailed(spec, status.filter((s) => s.attempted && !queued.has(s.index)));
    todo = todo.filter((i) => !queued.has(i));
    for (const job of active) {
      console.log(
        `following job ${job.jobId}: tasks ${job.indices.join(", ")} still queued or running`,
      );
    }
    const script = join(dir, "sweep.sbatch");
    if (todo.length > 0) {
      await Deno.writeTextFile(
        script,
        sbatchScript(dir, tasks.length, { ...options, indices: todo }),
      );
    }
    record.options = options;
    await writeJsonAtomic(join(dir, "slurm.json"), record);
    if (flags["dry-run"]) {
      console.log(
        todo.length > 0
          ? `dry run: wrote ${script} (array ${
            todo.join(",")
          }); submit it with: sbatch ${script}  ` +
            `or: deno task sweep --resume ${dir} --slurm`
          : "dry run: nothing to submit",
      );
      return 0;
    }
    if (todo.length > 0) {
      const jobId = await submitSlurm(script);
      record.submissions.push({ jobId, indices: todo, submittedAt: new Date().toISOString() });
      await writeJsonAtomic(join(dir, "slurm.json"), record);
      console.log(`submitted array job ${jobId}: tasks ${todo.join(",")} (${script})`);
      active.push({ jobId, indices: todo });
    }
    if (active.length > 0) {
      const code = await followJobs(dir, spec, active);
      if (code !== 0) return code;
    }
  } else {
    listFailed(spec, status.filter((s) => s.attempted));
    if (flags["dry-run"]) {
      console.log(
        `dry run: ${todo.length} task(s) to run; run them with: deno task sweep --resume ${dir}`,
      );
      return 0;
    }
    if (todo.length > 0) {
      const code = await runHere(dir, spec, todo, jobs ?? 1);
      if (code !== 0) return code;
    }
  }
  return await finish(dir);
}

/** A new sweep: its settings from the flags, its folder written. */
async function newSweep(flags: Flags): Promise<{ dir: string; spec: SweepSpec }> {
  if (flags.seeds !== undefined && flags.seed !== undefined) {
    throw new TypeError("--seed and --seeds cannot be used together");
  }
  const grid = (flags.grid ?? []).map(parseGrid);
  const seeds = flags.seeds === undefined ? undefined : flags.seeds.split(",").map((s) => {
    const seed = Number(s.trim());
    if (s.trim() === "" || !Number.isInteger(seed)) {
      throw new TypeError(`--seeds needs whole numbers separated by commas: got "${flags.seeds}"`);
    }
    return seed;
  });
  const trainFlags = Object.fromEntries(
    Object.keys(SHARED_TRAIN).map((key) => [key, flags[key as keyof Flags]]),
  );
  const now = new Date();
  const plan = await parseTrainFlags(trainFlags, now);
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  const dir = flags.out ?? join("sweeps", stamp);
  if (await Deno.stat(dir).then(() => true, () => false)) {
    throw new Error(
      `${dir} exists: pass --resume ${dir} to continue that sweep, or --out for another folder`,
    );
  }
  const data = resolve(await ensureData(plan.data, plan.dataGiven));
  if (plan.folds !== undefined) {
    const { clips } = await scanRavdess(data, { actors: plan.actors });
    const actors = new Set(clips.map((clip) => clip.actor)).size;
    if (plan.folds > actors) {
      throw new TypeError(
        `--folds must be at most the number of actors (${actors}): got "${flags.folds}"`,
      );
    }
  }
  const spec = planSweep({
    config: plan.config,
    split: plan.split,
    data,
    actors: plan.actors ?? null,
    workers: plan.workers ?? null,
  }, {
    folds: plan.folds,
    grid,
    seeds,
    command: `deno task sweep ${Deno.args.join(" ")}`,
    now,
  });
  await writeSweep(dir, spec);
  return { dir, spec };
}

/** Slurm options need --slurm, and --slurm needs sbatch (unless it only writes the script). */
function checkExecutor(
  slurm: boolean,
  slurmGiven: readonly string[],
  extra: string[] | undefined,
  dryRun: boolean | undefined,
): void {
  if (slurm) {
    if (!dryRun && !onPath("sbatch")) throw new Error(SBATCH_MISSING);
    return;
  }
  if (slurmGiven.length > 0) throw new TypeError(`--${slurmGiven[0]} needs --slurm`);
  if (extra !== undefined) throw new TypeError("sbatch options after -- need --slurm");
}

async function readSlurmRecord(dir: string): Promise<SlurmRecord> {
  try {
    return JSON.parse(await Deno.readTextFile(join(dir, "slurm.json")));
  } catch {
    return { options: {}, submissions: [] };
  }
}

function label(spec: SweepSpec, task: SweepTask): string {
  const point = spec.points[task.point];
  return `task ${task.index} (${point.name}${task.fold !== null ? `, fold ${task.fold}` : ""})`;
}

function listFailed(
  spec: SweepSpec,
  failed: { index: number; lastLine: string | null }[],
): void {
  if (failed.length === 0) return;
  console.log(`${failed.length} task(s) ran before without completing:`);
  for (const { index, lastLine } of failed) {
    console.log(`  ${label(spec, spec.tasks[index])}: ${lastLine ?? "(empty log)"}`);
  }
}

/** The local executor with one progress display; 130 when interrupted. */
async function runHere(
  dir: string,
  spec: SweepSpec,
  todo: number[],
  jobs: number,
): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  Deno.addSignalListener("SIGINT", onSigint);
  const progress = new SweepProgress(todo);
  try {
    await runLocal(dir, todo, {
      jobs,
      signal: controller.signal,
      onEvent: (event) => {
        const name = label(spec, spec.tasks[event.index]);
        if (event.type === "start") {
          progress.event(`${name}: running`);
          progress.set(event.index, "running");
          return;
        }
        progress.event(
          event.code === 0
            ? `${name}: done in ${event.seconds.toFixed(0)} s`
            : `${name}: failed (exit ${event.code}): ${event.lastLine ?? ""}`,
        );
        progress.set(event.index, event.code === 0 ? "done" : "failed");
      },
    });
  } finally {
    progress.stop();
    Deno.removeSignalListener("SIGINT", onSigint);
  }
  if (controller.signal.aborted) {
    console.error(
      `error: interrupted; running tasks kept their checkpoints. Resume with: deno task sweep --resume ${dir}`,
    );
    return 130;
  }
  return 0;
}

/** Follows Slurm array tasks with one progress display; 130 when interrupted. */
async function followJobs(dir: string, spec: SweepSpec, jobs: FollowedJob[]): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  Deno.addSignalListener("SIGINT", onSigint);
  const progress = new SweepProgress(jobs.flatMap((job) => job.indices));
  const interval = Number(Deno.env.get("SERLAB_SWEEP_POLL_MS") ?? 2000);
  try {
    await followSlurm(jobs, {
      intervalMs: interval,
      signal: controller.signal,
      isComplete: (index) => isRunComplete(join(dir, spec.tasks[index].runDir)),
      onChange: ({ index, jobId, state, exitCode }) => {
        progress.event(
          `${label(spec, spec.tasks[index])}: ${state} (job ${jobId}_${index}${
            exitCode && exitCode !== "0:0" ? `, exit ${exitCode}` : ""
          })`,
        );
        progress.set(
          index,
          state === "COMPLETED"
            ? "done"
            : FINAL_STATES.has(state)
            ? "failed"
            : state === "PENDING"
            ? "queued"
            : "running",
        );
      },
    });
  } finally {
    progress.stop();
    Deno.removeSignalListener("SIGINT", onSigint);
  }
  if (controller.signal.aborted) {
    console.error(
      `error: stopped following; the array keeps running (job ${
        jobs.map((j) => j.jobId).join(", ")
      }). Follow it again with: deno task sweep --resume ${dir}`,
    );
    return 130;
  }
  return 0;
}

/** Gathers the results, writes each complete k-fold point's pooled files, prints the table. */
async function finish(dir: string): Promise<number> {
  const results = await gatherSweep(dir);
  for (const { point, metrics, records } of results.points) {
    if (metrics === null || records === null || results.spec.folds === null) continue;
    await writeJsonAtomic(join(dir, point.dir, "metrics.json"), metrics);
    await writeTextAtomic(join(dir, point.dir, "predictions.csv"), predictionsToCsv(records));
  }
  for (const line of resultTable(results)) console.log(line);
  if (results.missing.length > 0) {
    const status = await sweepStatus(dir, results.spec);
    listFailed(results.spec, status.filter((s) => results.missing.includes(s.index)));
    throw new Error(
      `${results.missing.length} of ${results.spec.tasks.length} tasks did not complete ` +
        `(${results.missing.join(", ")}): run them with deno task sweep --resume ${dir}`,
    );
  }
  console.log(`all ${results.spec.tasks.length} tasks complete; report: deno task report ${dir}`);
  return 0;
}

function resultTable(results: SweepResults): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const withCi = (metrics: RunMetrics, key: "accuracy" | "uar" | "macroF1") => {
    const ci = metrics.ci?.[key];
    return `${pct(metrics[key])}${ci ? ` [${pct(ci.low)}, ${pct(ci.high)}]` : ""}`;
  };
  const pooledNote = results.spec.folds === null ? "" : " (pooled over folds, 95% CI)";
  const lines = ["", `results${pooledNote}`];
  for (const { point, metrics, missing } of results.points) {
    if (metrics === null) {
      lines.push(`  ${point.dir}  ${point.name}: missing tasks ${missing.join(", ")}`);
      continue;
    }
    const run: RunMetrics = "pooled" in metrics ? (metrics as KFoldMetrics).pooled : metrics;
    lines.push(
      `  ${point.dir}  ${point.name}: accuracy ${withCi(run, "accuracy")}  UAR ${
        withCi(run, "uar")
      }  macro-F1 ${withCi(run, "macroF1")}`,
    );
  }
  return lines;
}

if (import.meta.main) runMain(main);
