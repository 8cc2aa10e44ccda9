import { createHash } from "node:crypto";
import { basename, relative } from "node:path";
import { DEFAULT_CONFIG, type SerlabConfig } from "../config/mod.ts";
import {
  type ClipSplit,
  EMOTIONS,
  foldSplit,
  type RavdessClip,
  scanRavdess,
  splitClips,
  trainingItems,
} from "../dataset/mod.ts";
import { computeFeatures, type FeatureProgress, type FeatureStats } from "../pipeline/mod.ts";
import type { LabelledSet } from "./train_model.ts";

/** A split given as lists of files, e.g. a benchmark's published folds (`--split <file>`). */
export interface SplitLists {
  train: string[];
  /** Drawn from `train` (10 %, stratified by emotion) when absent. */
  validation?: string[];
  test: string[];
}

/** Which split a run uses. */
export type SplitSpec =
  | { kind: "protocol" }
  | { kind: "fold"; folds: number; fold: number }
  | { kind: "lists"; lists: SplitLists; source: string };

/** The split a run saw, as `split.json` records it: files relative to the data folder. */
export interface SplitRecord {
  protocol: string;
  seed: number;
  folds?: number;
  fold?: number;
  source?: string;
  train: string[];
  validation: string[];
  test: string[];
  /** Groups of byte-identical files (each group kept in one subset). */
  duplicates: string[][];
}

/** Options of {@linkcode prepareData}. */
export interface PrepareDataOptions {
  /** Settings (audio, features, augmentation, split). @default {DEFAULT_CONFIG} */
  config?: SerlabConfig;
  /** Which split. @default {{ kind: "protocol" }} (config.split.protocol) */
  split?: SplitSpec;
  /** Keep only these actors (e.g. a quick run). @default {undefined} (all) */
  actors?: readonly number[];
  /** Feature worker threads. @default {navigator.hardwareConcurrency} */
  workers?: number;
  /** Feature cache; `null` for none. @default {config.data.cacheDir} */
  cacheDir?: string | null;
  /** Feature progress. @default {undefined} */
  onProgress?: (progress: FeatureProgress) => void;
  /** Cancels feature computation. @default {undefined} */
  signal?: AbortSignal;
}

/** What a run trains, validates and tests on. */
export interface PreparedData {
  /** The data folder. */
  dataDir: string;
  /** The clips of each subset. */
  split: ClipSplit<RavdessClip>;
  /** The split as file lists, for `split.json`. */
  record: SplitRecord;
  /** Every version of the training files, standardised. */
  train: LabelledSet;
  /** Originals of the validation files, standardised. */
  validation: LabelledSet;
  /** Originals of the test files, standardised, in `split.test` order. */
  test: LabelledSet;
  /** Standardisation (x − mean) / std, from the training set alone. */
  normalization: { mean: number; std: number };
  /** SHA-256 over the sorted (file, content hash) pairs of every clip the run saw. */
  dataHash: string;
  /** What the feature pipeline computed and read from its cache. */
  featureStats: FeatureStats;
}

/**
 * Scans a RAVDESS folder, splits its files (a protocol, a fold of a K-fold
 * cross-validation by actor, or given lists) before any augmentation,
 * computes the log-mels of every version of the training files and the
 * originals of the held-out ones through the cached pipeline, and
 * standardises all three with the training set's mean and standard
 * deviation.
 *
 * @param dataDir The RAVDESS folder (`Actor_NN/*.wav`).
 * @param options Settings, split, actors, workers, cache, progress, cancellation.
 * @returns The three standardised sets, the split and the data hash.
 * @throws {Error} The folder holds no clip, or a split file names files that are not there.
 */
export async function prepareData(
  dataDir: string,
  options: PrepareDataOptions = {},
): Promise<PreparedData> {
  const {
    config = DEFAULT_CONFIG,
    split: spec = { kind: "protocol" },
    actors,
    workers,
    cacheDir,
    onProgress,
    signal,
  } = options;
  const { clips } = await scanRavdess(dataDir, { actors });
  const seed = config.split.seed;
  let split: ClipSplit<RavdessClip>;
  let record: Omit<SplitRecord, "train" | "validation" | "test" | "duplicates">;
  if (spec.kind === "fold") {
    split = await foldSplit(clips, {
      folds: spec.folds,
      fold: spec.fold,
      seed,
      validationActors: config.split.foldValidationActors,
    });
    record = { protocol: "actors", seed, folds: spec.folds, fold: spec.fold };
  } else if (spec.kind === "lists") {
    split = await listSplit(clips, spec.lists, seed, spec.source);
    record = { protocol: "lists", seed, source: spec.source };
  } else {
    split = await splitClips(clips, {
      protocol: config.split.protocol,
      seed,
      fractions: config.split.fractions,
    });
    record = { protocol: config.split.protocol, seed };
  }
  const items = trainingItems(split, config.augment.versions);
  const all = [...items.train, ...items.validation, ...items.test];
  const features = await computeFeatures(all, config, { workers, cacheDir, onProgress, signal });
  const [, height, width] = features.shape;
  const size = height * width;
  const sets = { train: items.train, validation: items.validation, test: items.test };
  let offset = 0;
  const views = {} as Record<keyof typeof sets, LabelledSet>;
  for (const name of ["train", "validation", "test"] as const) {
    const list = sets[name];
    views[name] = {
      x: features.data.subarray(offset * size, (offset + list.length) * size),
      labels: Int32Array.from(list, (item) => EMOTIONS.indexOf(item.clip.emotion)),
      shape: [height, width],
    };
    offset += list.length;
  }
  const normalization = meanAndStd(views.train.x);
  // One pass over the shared buffer standardises all three sets in place.
  const { mean, std } = normalization;
  const data = features.data;
  for (let i = 0; i < data.length; i++) data[i] = (data[i] - mean) / std;
  const rel = (clip: RavdessClip) => relative(dataDir, clip.path);
  return {
    dataDir,
    split,
    record: {
      ...record,
      train: split.train.map(rel),
      validation: split.validation.map(rel),
      test: split.test.map(rel),
      duplicates: split.duplicates.map((group) => group.map((p) => relative(dataDir, p))),
    },
    ...views,
    normalization,
    dataHash: await hashData(dataDir, clips),
    featureStats: features.stats,
  };
}

/** Mean and standard deviation of all values (float64 sums). */
function meanAndStd(x: Float32Array): { mean: number; std: number } {
  let sum = 0, sq = 0;
  for (let i = 0; i < x.length; i++) {
    sum += x[i];
    sq += x[i] * x[i];
  }
  const mean = sum / x.length;
  const std = Math.sqrt(Math.max(sq / x.length - mean * mean, 0)) || 1;
  return { mean: Math.fround(mean), std: Math.fround(std) };
}

async function hashData(dataDir: string, clips: RavdessClip[]): Promise<string> {
  const lines: string[] = [];
  for (const clip of clips) {
    const content = createHash("sha256").update(await Deno.readFile(clip.path)).digest("hex");
    lines.push(`${relative(dataDir, clip.path)}\t${content}`);
  }
  lines.sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

async function listSplit(
  clips: RavdessClip[],
  lists: SplitLists,
  seed: number,
  source: string,
): Promise<ClipSplit<RavdessClip>> {
  const byName = new Map(clips.map((clip) => [basename(clip.path), clip]));
  const pick = (names: string[], subset: string) =>
    names.map((name) => {
      const clip = byName.get(basename(name));
      if (!clip) throw new Error(`${source}: ${subset} file ${name} is not in the data folder`);
      return clip;
    });
  const test = pick(lists.test, "test");
  let train = pick(lists.train, "train");
  let validation: RavdessClip[];
  if (lists.validation && lists.validation.length > 0) {
    validation = pick(lists.validation, "validation");
  } else {
    const inner = await splitClips(train, {
      protocol: "random",
      seed,
      fractions: { train: 0.9, validation: 0.1, test: 0 },
    });
    train = inner.train;
    validation = inner.validation;
  }
  const seen = new Set<RavdessClip>();
  for (const clip of [...train, ...validation, ...test]) {
    if (seen.has(clip)) {
      throw new Error(`${source}: ${basename(clip.path)} is listed in two subsets`);
    }
    seen.add(clip);
  }
  return { train, validation, test, duplicates: [] };
}
