/**
 * `deno task train`'s flags: the help text, and their translation into one
 * typed plan (every default from `lib/config`). Bad values fail here, before
 * any data is read or any folder written.
 *
 * @module
 */
import { basename } from "node:path";
import {
  type AugmentVersion,
  DEFAULT_CONFIG,
  type ModelHead,
  type Protocol,
  SERLAB_VERSION,
  type SerlabConfig,
  withConfig,
} from "../lib/config/mod.ts";
import type { SplitLists, SplitSpec } from "../lib/train/mod.ts";
import { countFlag, numberFlag } from "./_cli.ts";

const D = DEFAULT_CONFIG;

/** The help text. */
export const TRAIN_HELP = `Usage: deno task train [options]

Trains the seed's 4-block CNN on log-mels of RAVDESS with "3x" augmentation
(original, white noise, pitch shift by gender) and class weights, evaluates it
on the test split, and writes a run folder:
  config.json  every setting, backend, versions, data hash
  split.json   the files of each subset
  model/       model.json + weights.bin (tf.loadLayersModel) + serlab.json
  history.json per epoch: loss, accuracy, val loss/accuracy, lr, seconds
  metrics.json test metrics with 95% bootstrap CIs; predictions.csv; train.log
  checkpoint/  written at each epoch's end: --resume continues from it
Files are split before augmentation: no copy of a test file is trained on.

Data:
  --data <folder|zip>     RAVDESS folder or zip              [${D.data.ravdessDir}]
                          (missing default: installed first, as deno task data does)
  --actors <list>         only these actors, e.g. 1-4,7      [all]
  --workers <n>           feature worker threads              [all cores]
Protocol:
  --protocol <p>          random: stratified 80/10/10 by file (the seed's experiment)
                          actors: whole actors held out, gender-balanced   [${D.split.protocol}]
  --folds <k>             k-fold cross-validation by actor (test actors disjoint,
                          together all actors); writes <out>/fold-<i>/ and the
                          aggregate <out>/metrics.json (mean ± std, pooled)
  --fold <i>              run fold i of --folds alone (1-based)
  --split <file>          JSON {"train": [...], "validation": [...]?, "test": [...]}
                          of file names; validation drawn from train when absent
  --seed <n>              seed of split, weights, shuffles, dropout  [${D.train.seed}]
Run folder:
  --out <dir>             run folder        [runs/<protocol>-<date>-<time>]
  --resume                continue the run in --out from its last checkpoint
                          (settings must be unchanged)
  --force                 delete --out and start over
Ablations (the seed's four strategies):
  --augment <list>        versions of each training file: original,noise,pitch
                          or a subset                        [${D.augment.versions.join(",")}]
  --no-class-weights      no balanced class weights
  --no-lr-schedule        constant learning rate (no ReduceLROnPlateau)
  --no-gender-rule        pitch-shift every voice by ${D.augment.maleSemitones} semitones
                          (not +${D.augment.maleSemitones} male / ${D.augment.femaleSemitones} female)
Model and training:
  --head <gap|flatten>    global average pooling, or flatten + dense(${D.model.denseUnits})  [${D.model.head}]
  --widths <list>         filters per block                  [${D.model.widths.join(",")}]
  --dropout <list>        dropout per block (one rate for all, or one per block)
                                                             [${D.model.dropout.join(",")}]
  --epochs <n>            most epochs                        [${D.train.epochs}]
  --lr <x>                Adam learning rate                 [${D.train.learningRate}]
  --batch-size <n>        examples per step                  [${D.train.batchSize}]
  --no-early-stopping     run all epochs (best epoch still restored)
  --quick                 small model, 6 epochs, actors 1-4 (1-6 for actors/folds):
                          about a minute, for a first look and for CI
  -h, --help              show this help

Sweeps (written by deno task sweep):
  --sweep <dir> --task <i>  run task i of that sweep: every setting from its
                          sweep.json; continues whatever an earlier attempt left

Ctrl-C stops between two steps and keeps the last epoch's checkpoint.
Exit status: 0 done, 1 error (one line), 130 interrupted.`;

/** The flags, as `parseFlags` takes them. */
export const TRAIN_FLAGS = {
  data: { type: "string" },
  actors: { type: "string" },
  workers: { type: "string" },
  protocol: { type: "string" },
  folds: { type: "string" },
  fold: { type: "string" },
  split: { type: "string" },
  seed: { type: "string" },
  out: { type: "string" },
  resume: { type: "boolean" },
  force: { type: "boolean" },
  augment: { type: "string" },
  "no-class-weights": { type: "boolean" },
  "no-lr-schedule": { type: "boolean" },
  "no-gender-rule": { type: "boolean" },
  "no-early-stopping": { type: "boolean" },
  head: { type: "string" },
  widths: { type: "string" },
  dropout: { type: "string" },
  epochs: { type: "string" },
  lr: { type: "string" },
  "batch-size": { type: "string" },
  quick: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** What the flags ask for. */
export interface TrainPlan {
  config: SerlabConfig;
  /** The data folder or zip. */
  data: string;
  /** Whether `--data` was given (else the default folder may be installed). */
  dataGiven: boolean;
  out: string;
  resume: boolean;
  force: boolean;
  split: SplitSpec;
  folds?: number;
  fold?: number;
  actors?: number[];
  workers?: number;
  serlabVersion: string;
}

type Flags = {
  [K in keyof typeof TRAIN_FLAGS]?: typeof TRAIN_FLAGS[K]["type"] extends "boolean" ? boolean
    : string;
};

/**
 * Turns parsed flags into a plan.
 *
 * @param flags What `parseFlags(args, TRAIN_FLAGS)` returned.
 * @param now The clock for the default run name. @default {new Date()}
 * @returns The plan.
 * @throws {TypeError} A value that is not allowed, in one line naming the flag.
 */
export async function parseTrainFlags(flags: Flags, now = new Date()): Promise<TrainPlan> {
  const protocol = flags.protocol ?? (flags.folds !== undefined ? "actors" : D.split.protocol);
  if (protocol !== "random" && protocol !== "actors") {
    throw new TypeError(`--protocol must be random or actors: got "${protocol}"`);
  }
  const folds = countFlag("folds", flags.folds, undefined, 0);
  if (folds !== undefined && folds < 2) {
    throw new TypeError(`--folds must be at least 2: got "${flags.folds}"`);
  }
  if (folds !== undefined && protocol !== "actors") {
    throw new TypeError(`--folds splits by actor: it cannot be used with --protocol ${protocol}`);
  }
  const fold = countFlag("fold", flags.fold, undefined, 0);
  if (fold !== undefined && folds === undefined) throw new TypeError("--fold needs --folds");
  if (fold !== undefined && (fold < 1 || fold > folds!)) {
    throw new TypeError(`--fold must be from 1 to ${folds}: got "${flags.fold}"`);
  }
  if (flags.split !== undefined && folds !== undefined) {
    throw new TypeError("--split and --folds cannot be used together");
  }
  if (flags.resume && flags.force) {
    throw new TypeError("--resume and --force cannot be used together");
  }
  if (flags.resume && flags.out === undefined) {
    throw new TypeError("--resume needs --out <run folder>");
  }
  const versions = flags.augment === undefined
    ? (flags.quick ? D.augment.versions : undefined)
    : parseVersions(flags.augment);
  const head = flags.head ?? D.model.head;
  if (head !== "gap" && head !== "flatten") {
    throw new TypeError(`--head must be gap or flatten: got "${head}"`);
  }
  const quick = flags.quick === true;
  const widths = flags.widths !== undefined
    ? parseList("widths", flags.widths).map((w) => checkCount("widths", w))
    : quick
    ? [8, 16, 16, 16]
    : [...D.model.widths];
  const dropoutList = flags.dropout !== undefined ? parseList("dropout", flags.dropout) : null;
  const dropout = dropoutList === null
    ? widths.map((_, i) => D.model.dropout[i] ?? D.model.dropout[D.model.dropout.length - 1])
    : dropoutList.length === 1
    ? widths.map(() => dropoutList[0])
    : dropoutList;
  if (dropout.length !== widths.length || !dropout.every((r) => r >= 0 && r < 1)) {
    throw new TypeError(
      `--dropout needs one rate in [0, 1) or one per block (${widths.length}): got "${flags.dropout}"`,
    );
  }
  const seed = numberFlag("seed", flags.seed, D.train.seed);
  const config = withConfig({
    augment: {
      ...(versions ? { versions } : {}),
      pitchByGender: !flags["no-gender-rule"],
      seed: D.augment.seed,
    },
    model: { widths, dropout, head: head as ModelHead },
    train: {
      epochs: countFlag("epochs", flags.epochs, quick ? 6 : D.train.epochs),
      learningRate: positive("lr", numberFlag("lr", flags.lr, D.train.learningRate)),
      batchSize: countFlag("batch-size", flags["batch-size"], D.train.batchSize),
      classWeights: !flags["no-class-weights"],
      lrSchedule: { ...D.train.lrSchedule, enabled: !flags["no-lr-schedule"] },
      earlyStopping: { ...D.train.earlyStopping, enabled: !flags["no-early-stopping"] },
      seed,
    },
    split: { protocol: protocol as Protocol, seed },
  });
  const actors = flags.actors !== undefined
    ? parseActors(flags.actors)
    : quick
    ? (protocol === "random" ? [1, 2, 3, 4] : [1, 2, 3, 4, 5, 6])
    : undefined;
  let split: SplitSpec = { kind: "protocol" };
  if (flags.split !== undefined) split = await readSplitFile(flags.split);
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  const name = folds !== undefined
    ? `actors-${folds}fold`
    : flags.split !== undefined
    ? `split-${basename(flags.split).replace(/\.json$/, "")}`
    : protocol;
  return {
    config,
    data: flags.data ?? D.data.ravdessDir,
    dataGiven: flags.data !== undefined,
    out: flags.out ?? `runs/${quick ? "quick-" : ""}${name}-${stamp}`,
    resume: flags.resume === true,
    force: flags.force === true,
    split,
    folds,
    fold,
    actors,
    workers: countFlag("workers", flags.workers, undefined),
    serlabVersion: SERLAB_VERSION,
  };
}

function parseVersions(text: string): AugmentVersion[] {
  const known = ["original", "noise", "pitch"];
  const versions = text.split(",").map((v) => v.trim()).filter((v) => v !== "");
  for (const v of versions) {
    if (!known.includes(v)) {
      throw new TypeError(`--augment takes original, noise and pitch: got unknown version "${v}"`);
    }
  }
  if (versions.length === 0 || new Set(versions).size !== versions.length) {
    throw new TypeError(`--augment needs distinct versions: got "${text}"`);
  }
  return versions as AugmentVersion[];
}

function parseList(flag: string, text: string): number[] {
  return text.split(",").map((part) => numberFlag(flag, part.trim(), 0));
}

function checkCount(flag: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new TypeError(`--${flag} needs whole numbers >= 1: got "${value}"`);
  }
  return value;
}

function positive(flag: string, value: number): number {
  if (!(value > 0)) throw new TypeError(`--${flag} must be > 0: got "${value}"`);
  return value;
}

function parseActors(text: string): number[] {
  const actors = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const lo = m ? Number(m[1]) : NaN, hi = m?.[2] ? Number(m[2]) : lo;
    if (!m || lo < 1 || hi > 24 || lo > hi) {
      throw new TypeError(
        `--actors takes numbers and ranges within 1-24, e.g. 1-4,7: got "${text}"`,
      );
    }
    for (let a = lo; a <= hi; a++) actors.add(a);
  }
  return [...actors].sort((a, b) => a - b);
}

async function readSplitFile(path: string): Promise<SplitSpec> {
  let lists: SplitLists;
  try {
    lists = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    throw new TypeError(`--split ${path}: cannot read it as JSON (${(error as Error).message})`);
  }
  const isList = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === "string");
  if (
    !lists || !isList(lists.train) || !isList(lists.test) ||
    (lists.validation !== undefined && !isList(lists.validation))
  ) {
    throw new TypeError(
      `--split ${path}: needs {"train": [files], "test": [files]} and optionally "validation"`,
    );
  }
  return { kind: "lists", lists, source: path };
}
