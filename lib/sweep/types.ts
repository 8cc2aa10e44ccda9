/**
 * The shapes of a sweep folder: `sweep.json` ({@linkcode SweepSpec}) lists
 * every task with its full config, split and run folder, so that a task is
 * a pure function of its entry; `slurm.json` ({@linkcode SlurmRecord}) keeps
 * the Slurm options and the array jobs submitted for the sweep.
 *
 * @module
 */
import type { SerlabConfig } from "../config/mod.ts";
import type { SplitSpec } from "../train/mod.ts";

/** The `format` field of `sweep.json`. */
export const SWEEP_FORMAT = "serlab-sweep/1";

/** A value a grid gives a setting: what the setting's default is made of. */
export type GridValue = number | string | boolean | null | (number | string)[];

/** One axis of a grid: a config setting and the values it takes. */
export interface GridAxis {
  /** Dotted path in {@linkcode SerlabConfig}, e.g. `"train.learningRate"`. */
  key: string;
  /** The values, in the order given; at least one, no two equal. */
  values: GridValue[];
}

/**
 * A grid point: one value per grid axis and one seed. The folds of a point
 * together make one k-fold experiment.
 */
export interface SweepPoint {
  /** 0-based, in grid order (first axis slowest, seeds fastest). */
  index: number;
  /** `"train.learningRate=0.001 augment.versions=original+noise seed=1"`, or `"base"`. */
  name: string;
  /** The folder holding the point's run folders, relative to the sweep folder (`runs/point-1`). */
  dir: string;
  /** The grid's value of each axis key. */
  params: Record<string, GridValue>;
  /** The seed of the split, weights, shuffles and dropout (`train.seed` = `split.seed`). */
  seed: number;
}

/** One task: one training run, run by `deno task train --sweep <dir> --task <index>`. */
export interface SweepTask {
  /** 0-based; the Slurm array index. */
  index: number;
  /** The task's grid point, an index into {@linkcode SweepSpec.points}. */
  point: number;
  /** The fold (1-based) of a k-fold sweep; `null` otherwise. */
  fold: number | null;
  /** The run folder, relative to the sweep folder, e.g. `runs/point-1/fold-2`. */
  runDir: string;
  /** Every setting of the run. */
  config: SerlabConfig;
  /** The split the run uses. */
  split: SplitSpec;
  /** The RAVDESS folder (absolute). */
  data: string;
  /** Only these actors; `null` for all. */
  actors: number[] | null;
  /** Feature worker threads; `null` for all cores. */
  workers: number | null;
}

/** `sweep.json`: everything a sweep runs. */
export interface SweepSpec {
  /** {@linkcode SWEEP_FORMAT}. */
  format: string;
  /** When the sweep was made (ISO 8601). */
  createdAt: string;
  /** The command that made it. */
  command: string;
  /** serlab's version when the sweep was made. */
  serlabVersion: string;
  /** K of a k-fold sweep; `null` for single runs. */
  folds: number | null;
  /** The grid axes; empty for none. */
  grid: GridAxis[];
  /** The seeds given with `--seeds`; `null` when the base config's seed is used. */
  seeds: number[] | null;
  /** The grid points. */
  points: SweepPoint[];
  /** The tasks, point by point, folds in order; `tasks[i].index === i`. */
  tasks: SweepTask[];
}

/** Slurm options of a sweep, as `deno task sweep --slurm` takes them. */
export interface SlurmOptions {
  /** `--partition`. @default {undefined} (the cluster's default) */
  partition?: string;
  /** `--time`, e.g. `"01:00:00"`. @default {undefined} (the partition's default) */
  time?: string;
  /** `--cpus-per-task`. @default {undefined} (1) */
  cpusPerTask?: number;
  /** `--mem`, e.g. `"8G"`. @default {undefined} (the cluster's default) */
  mem?: string;
  /** `--account`. @default {undefined} */
  account?: string;
  /** At most this many array tasks at once (`--array=...%N`). @default {undefined} (no limit) */
  jobs?: number;
  /** Further `sbatch` options, passed through as given. @default {[]} */
  extra?: string[];
}

/** One `sbatch` submission of a sweep. */
export interface SlurmSubmission {
  /** The array job id `sbatch --parsable` printed. */
  jobId: string;
  /** The array indices (task indices) it ran. */
  indices: number[];
  /** When (ISO 8601). */
  submittedAt: string;
}

/** `slurm.json`: the options and the submissions of a Slurm sweep. */
export interface SlurmRecord {
  options: SlurmOptions;
  submissions: SlurmSubmission[];
}
