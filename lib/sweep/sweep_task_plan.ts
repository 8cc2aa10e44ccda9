import { join, resolve } from "node:path";
import { SERLAB_VERSION, type SerlabConfig } from "../config/mod.ts";
import type { SplitSpec } from "../train/mod.ts";
import { readSweep } from "./read_sweep.ts";

/** The flags `deno task train` adds for sweeps, as `parseFlags` takes them. */
export const SWEEP_TASK_FLAGS = {
  sweep: { type: "string" },
  task: { type: "string" },
} as const;

/** `deno task train`'s parsed flags, `--sweep` and `--task` among them. */
export type SweepTaskFlags = { sweep?: string; task?: string } & Record<string, unknown>;

/** What `deno task train` runs for one sweep task: the fields of its own plan. */
export interface SweepTaskPlan {
  config: SerlabConfig;
  /** The RAVDESS folder, from `sweep.json`. */
  data: string;
  /** Always `true`: a task never installs data (the sweep did, once). */
  dataGiven: true;
  /** The task's run folder. */
  out: string;
  /** Always `true`: a task continues whatever an earlier attempt left in its run folder. */
  resume: true;
  force: false;
  split: SplitSpec;
  actors?: number[];
  workers?: number;
  serlabVersion: string;
}

/**
 * The plan of task `--task <i>` of the sweep in `--sweep <dir>`, for
 * `deno task train --sweep <dir> --task <i>`: every setting comes from the
 * task's entry in `sweep.json`, so the task is a pure function of it. The run
 * always resumes: a new run folder starts, a complete one is reused, and
 * one left by a cancelled or failed attempt continues from its last
 * checkpoint and ends as an uninterrupted run would. `--resume`, and `--out`
 * naming the task's own run folder (as the message after Ctrl-C suggests),
 * are accepted and change nothing.
 *
 * @param flags The parsed flags of `deno task train`.
 * @returns The plan, with the fields of `deno task train`'s own.
 * @throws {TypeError} `--task` without `--sweep` or the reverse, a task index out of range, or another setting flag (settings come from `sweep.json`).
 * @throws {Deno.errors.NotFound} No `sweep.json` in the folder.
 *
 * @example Task 1 of a two-fold sweep
 * ```ts
 * import { planSweep, sweepTaskPlan, writeSweep } from "./mod.ts";
 * import { withConfig } from "../config/mod.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * const dir = `${await Deno.makeTempDir()}/sweep`;
 * await writeSweep(dir, planSweep({ config: withConfig(), data: "/data/ravdess" }, { folds: 2 }));
 * const plan = await sweepTaskPlan({ sweep: dir, task: "1" });
 * assertEquals(plan.out, `${dir}/runs/point-0/fold-2`);
 * assertEquals(plan.split, { kind: "fold", folds: 2, fold: 2 });
 * await assertRejects(() => sweepTaskPlan({ sweep: dir, task: "2" }), TypeError, "from 0 to 1");
 * await assertRejects(
 *   () => sweepTaskPlan({ sweep: dir, task: "0", epochs: "3" }),
 *   TypeError,
 *   "--epochs cannot be used",
 * );
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function sweepTaskPlan(flags: SweepTaskFlags): Promise<SweepTaskPlan> {
  const { sweep, task, resume: _resume, out, ...rest } = flags;
  if (sweep === undefined) throw new TypeError("--task needs --sweep <sweep folder>");
  if (task === undefined) throw new TypeError("--sweep needs --task <index>");
  const other = Object.entries(rest).find(([, value]) => value !== undefined && value !== false);
  if (other !== undefined) {
    throw new TypeError(
      `--sweep takes every setting from sweep.json: --${other[0]} cannot be used with it`,
    );
  }
  const spec = await readSweep(sweep);
  const index = Number(task);
  if (!(task.trim() !== "" && Number.isInteger(index) && index >= 0 && index < spec.tasks.length)) {
    throw new TypeError(
      `--task must be from 0 to ${spec.tasks.length - 1} (the sweep's tasks): got "${task}"`,
    );
  }
  const entry = spec.tasks[index];
  const runDir = join(sweep, entry.runDir);
  if (typeof out === "string" && resolve(out) !== resolve(runDir)) {
    throw new TypeError(`--out with --sweep must be the task's run folder ${runDir}: got "${out}"`);
  }
  return {
    config: entry.config,
    data: entry.data,
    dataGiven: true,
    out: runDir,
    resume: true,
    force: false,
    split: entry.split,
    ...(entry.actors !== null ? { actors: entry.actors } : {}),
    ...(entry.workers !== null ? { workers: entry.workers } : {}),
    serlabVersion: SERLAB_VERSION,
  };
}
