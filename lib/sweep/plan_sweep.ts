import { SERLAB_VERSION, type SerlabConfig } from "../config/mod.ts";
import type { SplitSpec } from "../train/mod.ts";
import { checkConfig } from "./_check_config.ts";
import {
  type GridAxis,
  type GridValue,
  SWEEP_FORMAT,
  type SweepPoint,
  type SweepSpec,
  type SweepTask,
} from "./types.ts";

/** What every task of a sweep shares before the grid is applied. */
export interface SweepBase {
  /** The base config (e.g. from `deno task train`'s flags). */
  config: SerlabConfig;
  /** The split of a sweep without folds: a protocol, or given lists. @default {{ kind: "protocol" }} */
  split?: SplitSpec;
  /** The RAVDESS folder; stored as given, so pass an absolute path. */
  data: string;
  /** Only these actors. @default {null} (all) */
  actors?: number[] | null;
  /** Feature worker threads. @default {null} (all cores) */
  workers?: number | null;
}

/** Options of {@linkcode planSweep}. */
export interface PlanSweepOptions {
  /** K: each grid point runs the K folds of a cross-validation by actor. @default {undefined} (one run per point) */
  folds?: number;
  /** The grid axes; every combination of their values is a point. @default {[]} */
  grid?: GridAxis[];
  /** Each point once per seed (`train.seed` and `split.seed`). @default {undefined} (the base config's seed) */
  seeds?: number[];
  /** The command, recorded in `sweep.json`. @default {""} */
  command?: string;
  /** The clock, recorded in `sweep.json`. @default {new Date()} */
  now?: Date;
}

/**
 * Plans a sweep: every combination of the grid's values (first axis
 * slowest) and of the seeds is a point, each point runs its K folds (or one
 * run), and each run is one task with its complete config, split and run
 * folder (`runs/point-<p>/fold-<k>`, or `runs/point-<p>`). A grid that sets
 * `model.widths` but not `model.dropout` keeps one dropout rate per block,
 * as `deno task train --widths` does.
 *
 * @param base The config, split, data folder and actors every task shares.
 * @param options Folds, grid, seeds.
 * @returns The contents of `sweep.json`.
 * @throws {TypeError} A repeated grid key, a grid on the seed together with `seeds`, folds with the random protocol, or a point whose config breaks a rule of `deno task train` (one line naming it).
 *
 * @example Two learning rates, two folds: four tasks
 * ```ts
 * import { planSweep } from "./plan_sweep.ts";
 * import { withConfig } from "../config/mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const spec = planSweep({ config: withConfig(), data: "/data/ravdess" }, {
 *   folds: 2,
 *   grid: [{ key: "train.learningRate", values: [0.001, 0.0005] }],
 * });
 * assertEquals(spec.tasks.map((t) => [t.runDir, t.config.train.learningRate]), [
 *   ["runs/point-0/fold-1", 0.001],
 *   ["runs/point-0/fold-2", 0.001],
 *   ["runs/point-1/fold-1", 0.0005],
 *   ["runs/point-1/fold-2", 0.0005],
 * ]);
 * assertEquals(spec.points[1].name, "train.learningRate=0.0005");
 * assertEquals(spec.tasks[3].split, { kind: "fold", folds: 2, fold: 2 });
 * ```
 */
export function planSweep(base: SweepBase, options: PlanSweepOptions = {}): SweepSpec {
  const { folds, grid = [], seeds, command = "", now = new Date() } = options;
  const { split = { kind: "protocol" }, actors = null, workers = null } = base;
  const keys = grid.map((axis) => axis.key);
  const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
  if (repeated !== undefined) {
    throw new TypeError(`--grid names ${repeated} twice: give all its values in one --grid`);
  }
  if (seeds !== undefined) {
    const seedKey = keys.find((key) => key === "train.seed" || key === "split.seed");
    if (seedKey !== undefined) {
      throw new TypeError(
        `--seeds sets train.seed and split.seed: it cannot be used with --grid ${seedKey}`,
      );
    }
    if (seeds.length === 0 || new Set(seeds).size !== seeds.length) {
      throw new TypeError(`--seeds needs distinct seeds: got "${seeds.join(",")}"`);
    }
  }
  if (folds !== undefined && !(Number.isInteger(folds) && folds >= 2)) {
    throw new TypeError(`--folds must be at least 2: got "${folds}"`);
  }
  if (folds !== undefined && split.kind !== "protocol") {
    throw new TypeError("--split and --folds cannot be used together");
  }

  const points: SweepPoint[] = [];
  const tasks: SweepTask[] = [];
  for (const params of combinations(grid)) {
    for (const seed of seeds ?? [null]) {
      const index = points.length;
      const config = structuredClone(base.config);
      for (const [key, value] of Object.entries(params)) setSetting(config, key, value);
      if (params["model.widths"] !== undefined && params["model.dropout"] === undefined) {
        const rates = base.config.model.dropout;
        config.model.dropout = config.model.widths.map((_, i) => rates[i] ?? rates.at(-1)!);
      }
      if (seed !== null) {
        config.train.seed = seed;
        config.split.seed = seed;
      }
      const name = [
        ...Object.entries(params).map(([key, value]) => `${key}=${formatValue(value)}`),
        ...(seed !== null ? [`seed=${seed}`] : []),
      ].join(" ") || "base";
      checkConfig(config, `grid point "${name}"`);
      if (folds !== undefined && config.split.protocol !== "actors") {
        if (keys.includes("split.protocol")) {
          throw new TypeError(
            `grid point "${name}": --folds splits by actor: it cannot be used with split.protocol ${config.split.protocol}`,
          );
        }
        config.split.protocol = "actors";
      }
      const dir = `runs/point-${index}`;
      points.push({ index, name, dir, params, seed: config.train.seed });
      const runs: [number | null, SplitSpec, string][] = folds === undefined
        ? [[null, split, dir]]
        : Array.from({ length: folds }, (_, i) => [
          i + 1,
          { kind: "fold", folds, fold: i + 1 },
          `${dir}/fold-${i + 1}`,
        ]);
      for (const [fold, taskSplit, runDir] of runs) {
        tasks.push({
          index: tasks.length,
          point: index,
          fold,
          runDir,
          config: structuredClone(config),
          split: taskSplit,
          data: base.data,
          actors: actors === null ? null : [...actors],
          workers,
        });
      }
    }
  }
  return {
    format: SWEEP_FORMAT,
    createdAt: now.toISOString(),
    command,
    serlabVersion: SERLAB_VERSION,
    folds: folds ?? null,
    grid: structuredClone(grid),
    seeds: seeds === undefined ? null : [...seeds],
    points,
    tasks,
  };
}

/** Every combination of the axes' values, first axis slowest; one empty one for no axes. */
function combinations(grid: GridAxis[]): Record<string, GridValue>[] {
  let out: Record<string, GridValue>[] = [{}];
  for (const { key, values } of grid) {
    out = out.flatMap((params) => values.map((value) => ({ ...params, [key]: value })));
  }
  return out;
}

function setSetting(config: SerlabConfig, key: string, value: GridValue): void {
  const path = key.split(".");
  let node = config as unknown as Record<string, unknown>;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[path.at(-1)!] = structuredClone(value);
}

function formatValue(value: GridValue): string {
  return Array.isArray(value) ? value.join("+") : String(value);
}
