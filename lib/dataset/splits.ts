import { identicalFileGroups, mulberry32, shuffle } from "./_split_tools.ts";
import type { AugmentVersion } from "../config/mod.ts";
import { DEFAULT_CONFIG } from "../config/mod.ts";
import type { Gender } from "./names.ts";

/**
 * The split protocols serlab offers. Every protocol is covered by the leakage
 * test in `splits_test.ts`, which iterates over this list.
 *
 * - `"random"`: files drawn at random, stratified by emotion.
 * - `"actors"`: speaker-independent; whole actors are held out for validation
 *   and test, as many men as women where the counts allow.
 */
export const SPLIT_PROTOCOLS = ["random", "actors"] as const;

/** One of {@linkcode SPLIT_PROTOCOLS}. */
export type SplitProtocol = typeof SPLIT_PROTOCOLS[number];

/** What {@linkcode splitClips} needs to know about a clip (a `RavdessClip` has it all). */
export interface SplitClip {
  /** The WAV file; it is read once to find files with identical content. */
  path: string;
  /** The stratum of the `"random"` protocol. */
  emotion: string;
  /** The speaker, the unit of the `"actors"` protocol. */
  actor: number;
  /** Balances held-out actors, and chooses the pitch-shift direction downstream. */
  gender: Gender;
}

/** Fractions of the data in each subset; they sum to 1. */
export interface SplitFractions {
  /** @default {0.8} */
  train: number;
  /** @default {0.1} */
  validation: number;
  /** @default {0.1} */
  test: number;
}

/** Options of {@linkcode splitClips}. */
export interface SplitClipsOptions {
  /** How files are assigned to subsets. @default {"random"} */
  protocol?: SplitProtocol;
  /** Seed of the draw; the same seed and files give the same split in any input order. @default {DEFAULT_CONFIG.train.seed} (42) */
  seed?: number;
  /** Share of files (`"random"`) or actors (`"actors"`) per subset. @default {{ train: 0.8, validation: 0.1, test: 0.1 }} */
  fractions?: SplitFractions;
}

/** Clips per subset, each list in input order. */
export interface ClipSplit<C extends SplitClip = SplitClip> {
  train: C[];
  validation: C[];
  test: C[];
  /**
   * Groups of paths whose files are byte-identical (RAVDESS has one such pair,
   * `Actor_07/03-01-03-01-02-01-07.wav` and `…-02-07.wav`). A group always
   * lands in one subset, so no copy of a held-out file is trained on.
   */
  duplicates: string[][];
}

/** A subset of a {@linkcode ClipSplit}. */
export type SplitSubset = "train" | "validation" | "test";

/** One example to compute features for: a clip file and one version of it. */
export interface SplitItem<C extends SplitClip = SplitClip> {
  /** The clip's WAV file. */
  path: string;
  /** The version of the clip: augmented versions exist for training files only. */
  version: AugmentVersion;
  /** The clip's speaker gender (chooses the pitch-shift direction). */
  gender: Gender;
  /** The clip itself, with all its metadata. */
  clip: C;
}

/** Items per subset, as {@linkcode trainingItems} returns them. */
export interface SplitItems<C extends SplitClip = SplitClip> {
  /** Every version of every training file, clip by clip. */
  train: SplitItem<C>[];
  /** The original of every validation file. */
  validation: SplitItem<C>[];
  /** The original of every test file. */
  test: SplitItem<C>[];
}

const DEFAULT_FRACTIONS: SplitFractions = { train: 0.8, validation: 0.1, test: 0.1 };

/**
 * Splits clips into train, validation and test files before any augmentation,
 * so that augmented copies can be made of training files only. Files are read
 * once (SHA-256 of their bytes) so byte-identical files never straddle
 * subsets.
 *
 * - `"random"`: within each emotion, files are shuffled with `seed` and the
 *   first round(n·test) go to test, the next round(n·validation) to
 *   validation, the rest to train.
 * - `"actors"`: round(actors·test) actors go to test and round(actors·validation)
 *   to validation (at least one each when its fraction is > 0), drawn with
 *   `seed` half from each gender (the odd one out from a gender drawn at
 *   random); all their files go with them, and so does any actor who shares
 *   a byte-identical file with a held-out actor.
 *
 * @param clips The files, e.g. `scanRavdess(dir).clips`; paths must be distinct.
 * @param options Protocol, seed and fractions.
 * @returns The clips of each subset, in input order, and the groups of identical files.
 * @throws {RangeError} Fractions that are negative or do not sum to 1, a train
 *   fraction of 0, too few actors to hold out, or a path given twice.
 * @throws {Deno.errors.NotFound} A clip's file does not exist.
 *
 * @example Speaker-independent split: no actor is in two subsets
 * ```ts
 * import { splitClips } from "./splits.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const clips = [];
 * for (let actor = 1; actor <= 10; actor++) {
 *   const path = `${dir}/03-01-05-01-01-01-${String(actor).padStart(2, "0")}.wav`;
 *   await Deno.writeTextFile(path, `clip of actor ${actor}`);
 *   clips.push({ path, emotion: "angry", actor, gender: actor % 2 ? "male" : "female" } as const);
 * }
 * const split = await splitClips(clips, { protocol: "actors", seed: 7 });
 * assertEquals([split.train.length, split.validation.length, split.test.length], [8, 1, 1]);
 * const trainActors = new Set(split.train.map((c) => c.actor));
 * assertEquals(split.test.some((c) => trainActors.has(c.actor)), false);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function splitClips<C extends SplitClip>(
  clips: readonly C[],
  options: SplitClipsOptions = {},
): Promise<ClipSplit<C>> {
  const {
    protocol = "random",
    seed = DEFAULT_CONFIG.train.seed,
    fractions = DEFAULT_FRACTIONS,
  } = options;
  checkFractions(fractions);
  if (!(SPLIT_PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new RangeError(
      `Cannot split clips as protocol must be one of ${SPLIT_PROTOCOLS.join(", ")}: ` +
        `current value is ${protocol}`,
    );
  }
  if (!Number.isFinite(seed)) {
    throw new RangeError(
      `Cannot split clips as seed must be a finite number: current value is ${seed}`,
    );
  }
  const paths = new Set<string>();
  for (const clip of clips) {
    if (paths.has(clip.path)) {
      throw new RangeError(
        `Cannot split clips as paths must be distinct: current value is ${clip.path} twice`,
      );
    }
    paths.add(clip.path);
  }
  const groups = await identicalFileGroups(clips);
  const subsetOf = protocol === "random"
    ? randomSubsets(groups, fractions, seed)
    : actorSubsets(clips, groups, fractions, seed);
  const split: ClipSplit<C> = { train: [], validation: [], test: [], duplicates: [] };
  for (const clip of clips) split[subsetOf.get(clip)!].push(clip);
  split.duplicates = groups.filter((g) => g.length > 1).map((g) => g.map((clip) => clip.path));
  return split;
}

/**
 * The examples of a split: every one of `versions` for each training file,
 * and only the original of each validation and test file, so no augmented
 * copy of a held-out file exists anywhere.
 *
 * @param split A split from {@linkcode splitClips}.
 * @param versions The versions of each training file. @default {DEFAULT_CONFIG.augment.versions} (original, noise, pitch)
 * @returns Items per subset; training items clip by clip, versions in the given order.
 * @throws {RangeError} `versions` is empty, repeats a version or names an unknown one.
 *
 * @example The "3x" training set
 * ```ts
 * import { trainingItems } from "./splits.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const clip = (path: string) => ({ path, emotion: "calm", actor: 1, gender: "male" } as const);
 * const items = trainingItems({
 *   train: [clip("a.wav")],
 *   validation: [clip("b.wav")],
 *   test: [clip("c.wav")],
 *   duplicates: [],
 * });
 * assertEquals(items.train.map((i) => i.version), ["original", "noise", "pitch"]);
 * assertEquals(items.test.map((i) => [i.path, i.version]), [["c.wav", "original"]]);
 * ```
 */
export function trainingItems<C extends SplitClip>(
  split: ClipSplit<C>,
  versions: readonly AugmentVersion[] = DEFAULT_CONFIG.augment.versions,
): SplitItems<C> {
  const known: readonly AugmentVersion[] = ["original", "noise", "pitch"];
  if (versions.length === 0 || new Set(versions).size !== versions.length) {
    throw new RangeError(
      `Cannot list training items as versions must be non-empty and distinct: current value is ${
        JSON.stringify(versions)
      }`,
    );
  }
  for (const version of versions) {
    if (!known.includes(version)) {
      throw new RangeError(
        `Cannot list training items as versions must be among ${
          known.join(", ")
        }: current value is ${version}`,
      );
    }
  }
  const item = (clip: C, version: AugmentVersion): SplitItem<C> => ({
    path: clip.path,
    version,
    gender: clip.gender,
    clip,
  });
  return {
    train: split.train.flatMap((clip) => versions.map((version) => item(clip, version))),
    validation: split.validation.map((clip) => item(clip, "original")),
    test: split.test.map((clip) => item(clip, "original")),
  };
}

function checkFractions(fractions: SplitFractions): void {
  const { train, validation, test } = fractions;
  for (const [name, value] of Object.entries({ train, validation, test })) {
    if (!(value >= 0 && value <= 1)) {
      throw new RangeError(
        `Cannot split clips as fractions.${name} must be in [0, 1]: current value is ${value}`,
      );
    }
  }
  if (Math.abs(train + validation + test - 1) > 1e-9) {
    throw new RangeError(
      `Cannot split clips as fractions must sum to 1: current value is ${
        train + validation + test
      }`,
    );
  }
  if (train === 0) {
    throw new RangeError("Cannot split clips as fractions.train must be > 0: current value is 0");
  }
}

function randomSubsets<C extends SplitClip>(
  groups: C[][],
  fractions: SplitFractions,
  seed: number,
): Map<C, SplitSubset> {
  const random = mulberry32(seed);
  const strata = new Map<string, C[][]>();
  for (const group of groups) {
    const emotion = group[0].emotion;
    strata.set(emotion, [...(strata.get(emotion) ?? []), group]);
  }
  const subsetOf = new Map<C, SplitSubset>();
  // Strata in a fixed order so the draw does not depend on which emotion came first.
  for (const emotion of [...strata.keys()].sort()) {
    const units = shuffle(strata.get(emotion)!, random);
    const size = units.reduce((n, g) => n + g.length, 0);
    const wanted = {
      test: Math.round(size * fractions.test),
      validation: Math.round(size * fractions.validation),
    };
    const taken = { test: 0, validation: 0 };
    for (const unit of units) {
      const subset: SplitSubset = taken.test < wanted.test
        ? "test"
        : taken.validation < wanted.validation
        ? "validation"
        : "train";
      if (subset !== "train") taken[subset] += unit.length;
      for (const clip of unit) subsetOf.set(clip, subset);
    }
  }
  return subsetOf;
}

function actorSubsets<C extends SplitClip>(
  clips: readonly C[],
  groups: C[][],
  fractions: SplitFractions,
  seed: number,
): Map<C, SplitSubset> {
  const random = mulberry32(seed);
  const genderOf = new Map<number, Gender>();
  for (const clip of clips) genderOf.set(clip.actor, clip.gender);
  const actors = [...genderOf.keys()].sort((a, b) => a - b);
  // Actors who share a byte-identical file are held out together, or a
  // copy of a test speaker's file would be trained on under another name.
  const linked = new Map<number, Set<number>>(actors.map((a) => [a, new Set([a])]));
  for (const group of groups) {
    for (const a of group) for (const b of group) linked.get(a.actor)!.add(b.actor);
  }
  const pools: Record<Gender, number[]> = {
    male: shuffle(actors.filter((a) => genderOf.get(a) === "male"), random),
    female: shuffle(actors.filter((a) => genderOf.get(a) === "female"), random),
  };
  const subsetOfActor = new Map<number, SplitSubset>(actors.map((a) => [a, "train"]));
  const holdOut = (actor: number, subset: SplitSubset) => {
    if (subsetOfActor.get(actor) !== "train") return;
    subsetOfActor.set(actor, subset);
    const pool = pools[genderOf.get(actor)!];
    pool.splice(pool.indexOf(actor), 1);
    for (const other of linked.get(actor)!) holdOut(other, subset);
  };
  for (const subset of ["test", "validation"] as const) {
    let count = Math.round(actors.length * fractions[subset]);
    if (fractions[subset] > 0) count = Math.max(count, 1);
    const first: Gender = random() < 0.5 ? "male" : "female";
    const second: Gender = first === "male" ? "female" : "male";
    for (let i = 0; i < count; i++) {
      const wanted = i % 2 === 0 ? first : second;
      const gender = pools[wanted].length > 0 ? wanted : wanted === "male" ? "female" : "male";
      const actor = pools[gender][0];
      if (actor === undefined) {
        throw new RangeError(
          `Cannot split clips by actor as ${subset} needs ${count} actors and too few are left: ` +
            `current value is ${actors.length} actors`,
        );
      }
      holdOut(actor, subset);
    }
  }
  if (pools.male.length + pools.female.length === 0) {
    throw new RangeError(
      `Cannot split clips by actor as no actor is left for training: current value is ${actors.length} actors`,
    );
  }
  return new Map(clips.map((clip) => [clip, subsetOfActor.get(clip.actor)!]));
}
