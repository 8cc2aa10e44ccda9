import { join } from "node:path";
import {
  aggregateFolds,
  type AggregateFoldsOptions,
  type KFoldMetrics,
  parsePredictionsCsv,
  type PredictionRecord,
  type RunMetrics,
} from "../eval/mod.ts";
import { isRunComplete } from "./_files.ts";
import { readSweep } from "./read_sweep.ts";
import type { SweepPoint, SweepSpec, SweepTask } from "./types.ts";

/** Options of {@linkcode gatherSweep}: the bootstrap of the pooled k-fold metrics, as for `aggregateFolds`. */
export type GatherSweepOptions = AggregateFoldsOptions;

/** What a grid point has produced. */
export interface SweepPointResult {
  /** The point, as `sweep.json` has it. */
  point: SweepPoint;
  /** Its tasks (its folds, in order; or its one run). */
  tasks: SweepTask[];
  /** Indices of its tasks without a complete run folder. */
  missing: number[];
  /**
   * k-fold: `aggregateFolds` over the folds' `predictions.csv` (per fold,
   * mean ± std, pooled with bootstrap CIs); one run: its `metrics.json`.
   * `null` while a task is missing.
   */
  metrics: KFoldMetrics | RunMetrics | null;
  /** All its test predictions, folds in order; `null` while a task is missing. */
  records: PredictionRecord[] | null;
}

/** What a sweep has produced so far. */
export interface SweepResults {
  /** The sweep folder. */
  dir: string;
  /** Its `sweep.json`. */
  spec: SweepSpec;
  /** One result per grid point, in point order. */
  points: SweepPointResult[];
  /** Indices of the tasks without a complete run folder, in order. */
  missing: number[];
}

/**
 * Gathers the finished tasks of a sweep: for each grid point whose tasks
 * are all complete, the metrics of its k-fold experiment (every fold's
 * `predictions.csv` through `aggregateFolds`: per fold, mean ± sample std,
 * and pooled with bootstrap CIs, as `deno task train --folds K` reports) or
 * of its one run (`metrics.json`); and which tasks are missing.
 *
 * @param dir The sweep folder.
 * @param options Bootstrap settings of the pooled metrics. @default {as `aggregateFolds`}
 * @returns Per-point metrics and the missing tasks.
 * @throws {Deno.errors.NotFound} The folder holds no `sweep.json`.
 * @throws {SyntaxError} A complete run folder whose `predictions.csv` cannot be read.
 *
 * @example Nothing has run yet: every task is missing
 * ```ts
 * import { gatherSweep, planSweep, writeSweep } from "./mod.ts";
 * import { withConfig } from "../config/mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = `${await Deno.makeTempDir()}/sweep`;
 * await writeSweep(dir, planSweep({ config: withConfig(), data: "/data/ravdess" }, { folds: 2 }));
 * const results = await gatherSweep(dir);
 * assertEquals(results.missing, [0, 1]);
 * assertEquals(results.points[0].metrics, null);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function gatherSweep(
  dir: string,
  options: GatherSweepOptions = {},
): Promise<SweepResults> {
  const spec = await readSweep(dir);
  const complete = await Promise.all(
    spec.tasks.map((task) => isRunComplete(join(dir, task.runDir))),
  );
  const points: SweepPointResult[] = [];
  for (const point of spec.points) {
    const tasks = spec.tasks.filter((task) => task.point === point.index);
    const missing = tasks.filter((task) => !complete[task.index]).map((task) => task.index);
    let metrics: KFoldMetrics | RunMetrics | null = null;
    let records: PredictionRecord[] | null = null;
    if (missing.length === 0) {
      const perTask = await Promise.all(tasks.map((task) => readPredictions(dir, task)));
      records = perTask.flat();
      metrics = spec.folds === null
        ? JSON.parse(await Deno.readTextFile(join(dir, tasks[0].runDir, "metrics.json")))
        : aggregateFolds(perTask, options);
    }
    points.push({ point, tasks, missing, metrics, records });
  }
  return {
    dir,
    spec,
    points,
    missing: complete.flatMap((done, index) => (done ? [] : [index])),
  };
}

async function readPredictions(dir: string, task: SweepTask): Promise<PredictionRecord[]> {
  const path = join(dir, task.runDir, "predictions.csv");
  try {
    return parsePredictionsCsv(await Deno.readTextFile(path));
  } catch (error) {
    throw new SyntaxError(`${path}: ${(error as Error).message}`);
  }
}
