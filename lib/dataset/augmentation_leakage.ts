import { type AugmentVersion, DEFAULT_CONFIG } from "../config/mod.ts";
import { compare, mulberry32, shuffle } from "./_split_tools.ts";
import { type ClipSplit, type SplitClip, type SplitItem, trainingItems } from "./splits.ts";

/** Options of {@linkcode augmentationLeakage}. */
export interface AugmentationLeakageOptions {
  /** The versions of each file. @default {DEFAULT_CONFIG.augment.versions} (original, noise, pitch) */
  versions?: readonly AugmentVersion[];
  /** Seed of the augment-first draw. @default {DEFAULT_CONFIG.split.seed} (42) */
  seed?: number;
}

/** How much of a test set the training set has already seen. */
export interface LeakageCounts {
  /** Training items. */
  train: number;
  /** Validation items. */
  validation: number;
  /** Test items. */
  test: number;
  /** Test items with a version of the same recording (or a byte-identical copy) among the training items. */
  testWithTwinInTrain: number;
  /** Test items that are augmented copies (noise, pitch) rather than recordings as they were made. */
  augmentedTest: number;
  /** Test items whose speaker is also heard in training. */
  testWithSpeakerInTrain: number;
}

/** {@linkcode LeakageCounts} of the two orders of work. */
export interface AugmentationLeakage {
  /** Split files, then augment the training files alone ({@linkcode trainingItems}): serlab's order. */
  filesFirst: LeakageCounts;
  /**
   * Augment every file, then split the items at random, stratified by
   * emotion, in the files-first split's proportions (so about `versions.length`
   * times as many test items): the order of the seed experiment.
   */
  augmentFirst: LeakageCounts;
}

/**
 * Counts what leaks when augmentation comes before the split. Given a split
 * of files, it lists the items serlab trains and tests on (every version of
 * each training file, the originals of the others), then splits the items of
 * every file's every version at random instead, as augmenting first does,
 * and counts for each order the test items whose recording is also in
 * training under another version: a noisy copy in training and its pitched
 * twin in test are the same performance, so the test score measures memory
 * of the take, not recognition of the emotion. Speakers heard in training
 * are counted too (the `"random"` protocol shares every speaker; the
 * `"actors"` protocol none).
 *
 * @param split A split of files ({@linkcode splitClips} or {@linkcode foldSplit}); its `duplicates` count as one recording.
 * @param options Versions and the seed of the augment-first draw.
 * @returns The counts for both orders.
 * @throws {RangeError} Bad `versions` (as {@linkcode trainingItems}).
 *
 * @example Files first leaks nothing; augmenting first leaks most of the test set
 * ```ts
 * import { augmentationLeakage } from "./augmentation_leakage.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const clips = Array.from({ length: 40 }, (_, i) => ({
 *   path: `${i}.wav`, emotion: i % 2 ? "sad" : "calm", actor: 1 + (i % 4), gender: i % 4 % 2 ? "female" : "male",
 * } as const));
 * const split = { train: clips.slice(0, 32), validation: clips.slice(32, 36), test: clips.slice(36), duplicates: [] };
 * const { filesFirst, augmentFirst } = augmentationLeakage(split);
 * assertEquals([filesFirst.train, filesFirst.test, filesFirst.testWithTwinInTrain], [96, 4, 0]);
 * assertEquals([augmentFirst.train, augmentFirst.test], [96, 12]);
 * assertEquals(augmentFirst.testWithTwinInTrain > 6, true);
 * ```
 */
export function augmentationLeakage<C extends SplitClip>(
  split: ClipSplit<C>,
  options: AugmentationLeakageOptions = {},
): AugmentationLeakage {
  const { versions = DEFAULT_CONFIG.augment.versions, seed = DEFAULT_CONFIG.split.seed } = options;
  const items = trainingItems(split, versions);
  const recording = recordingKeys(split);
  const filesFirst = count(items, recording);

  // Augment first: every version of every file, then the same item counts per subset.
  // Files in path order, so the draw does not depend on the order of the lists.
  const files = [...split.train, ...split.validation, ...split.test]
    .sort((a, b) => compare(a.path, b.path));
  const all = files.flatMap((clip) =>
    versions.map((version): SplitItem<C> => ({
      path: clip.path,
      version,
      gender: clip.gender,
      clip,
    }))
  );
  const fraction = {
    test: split.test.length / files.length,
    validation: split.validation.length / files.length,
  };
  const random = mulberry32(seed);
  const strata = new Map<string, SplitItem<C>[]>();
  for (const item of all) {
    strata.set(item.clip.emotion, [...(strata.get(item.clip.emotion) ?? []), item]);
  }
  const train: SplitItem<C>[] = [], validation: SplitItem<C>[] = [], test: SplitItem<C>[] = [];
  // As the "random" protocol draws files: per emotion, in a fixed order of emotions.
  for (const emotion of [...strata.keys()].sort()) {
    const stratum = shuffle(strata.get(emotion)!, random);
    const nTest = Math.round(stratum.length * fraction.test);
    const nValidation = Math.round(stratum.length * fraction.validation);
    test.push(...stratum.slice(0, nTest));
    validation.push(...stratum.slice(nTest, nTest + nValidation));
    train.push(...stratum.slice(nTest + nValidation));
  }
  return { filesFirst, augmentFirst: count({ train, validation, test }, recording) };
}

/** One key per recording: a file's path, or the first path of its group of byte-identical files. */
function recordingKeys(split: ClipSplit<SplitClip>): (path: string) => string {
  const key = new Map<string, string>();
  for (const group of split.duplicates) for (const path of group) key.set(path, group[0]);
  return (path) => key.get(path) ?? path;
}

function count<C extends SplitClip>(
  items: { train: SplitItem<C>[]; validation: SplitItem<C>[]; test: SplitItem<C>[] },
  recording: (path: string) => string,
): LeakageCounts {
  const trainRecordings = new Set(items.train.map((item) => recording(item.path)));
  const trainSpeakers = new Set(items.train.map((item) => item.clip.actor));
  return {
    train: items.train.length,
    validation: items.validation.length,
    test: items.test.length,
    testWithTwinInTrain: items.test.filter((item) => trainRecordings.has(recording(item.path)))
      .length,
    augmentedTest: items.test.filter((item) => item.version !== "original").length,
    testWithSpeakerInTrain: items.test.filter((item) => trainSpeakers.has(item.clip.actor)).length,
  };
}
