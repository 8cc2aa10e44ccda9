/**
 * Sweeps: many training runs described once and run anywhere. A sweep is
 * the folds of a k-fold cross-validation by actor, and/or a grid over any
 * config setting ({@linkcode parseGrid}), and/or several seeds;
 * {@linkcode planSweep} turns them into tasks, each a complete config, split
 * and run folder, which {@linkcode writeSweep} records in `sweep.json`. A task
 * is a pure function of its entry: `deno task train --sweep <dir> --task <i>`
 * runs it ({@linkcode sweepTaskPlan}), always resuming whatever an earlier
 * attempt left.
 *
 * Executors: {@linkcode runLocal} runs tasks as processes on this machine,
 * N at a time; on Slurm, {@linkcode sbatchScript} writes an array script (one
 * array index per task), {@linkcode submitSlurm} submits it and
 * {@linkcode followSlurm} follows it with squeue and scontrol (no accounting
 * database needed). {@linkcode sweepStatus} tells which tasks are complete
 * and the last line of the log of those that are not.
 *
 * Results: {@linkcode gatherSweep} pools each grid point's folds
 * (`aggregateFolds` over their predictions, with bootstrap CIs) and lists
 * missing tasks; {@linkcode sweepReportHtml} compares the points in one page.
 *
 * @example Plan a grid over two folds
 * ```ts
 * import { parseGrid, planSweep } from "./mod.ts";
 * import { withConfig } from "../config/mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const spec = planSweep({ config: withConfig(), data: "/data/ravdess", actors: [1, 2, 3, 4, 5, 6] }, {
 *   folds: 2,
 *   grid: [parseGrid("augment.versions=original,original+noise+pitch")],
 * });
 * assertEquals(spec.points.map((p) => p.name), [
 *   "augment.versions=original",
 *   "augment.versions=original+noise+pitch",
 * ]);
 * assertEquals(spec.tasks.length, 4);
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./parse_grid.ts";
export * from "./plan_sweep.ts";
export * from "./write_sweep.ts";
export * from "./read_sweep.ts";
export * from "./sweep_task_plan.ts";
export * from "./sweep_status.ts";
export * from "./run_local.ts";
export * from "./sbatch_script.ts";
export * from "./submit_slurm.ts";
export * from "./follow_slurm.ts";
export * from "./gather_sweep.ts";
export * from "./sweep_report_html.ts";
