import { DEFAULT_CONFIG } from "../config/mod.ts";
import type { Gender } from "./names.ts";
import { compare, identicalFileGroups, mulberry32, shuffle } from "./_split_tools.ts";
import type { ClipSplit, SplitClip, SplitSubset } from "./splits.ts";

/** Options of {@linkcode actorFolds} and {@linkcode foldSplit}. */
export interface ActorFoldsOptions {
  /** Number of folds K, 2 ≤ K ≤ the number of actors. */
  folds: number;
  /** Seed of the draw. @default {DEFAULT_CONFIG.split.seed} (42) */
  seed?: number;
}

/** Options of {@linkcode foldSplit}. */
export interface FoldSplitOptions extends ActorFoldsOptions {
  /** Which fold is the test set, 1-based. */
  fold: number;
  /** Validation actors drawn from the fold's training actors, half of each gender. @default {DEFAULT_CONFIG.split.foldValidationActors} (2) */
  validationActors?: number;
}

/**
 * Deals actors into K folds for cross-validation by speaker: the test actors
 * of the folds are disjoint and together are all actors. Men and women are
 * shuffled apart (seeded) and dealt round-robin, women continuing where men
 * left off, so every fold holds as even a number of each as the counts allow.
 *
 * @param clips The clips; only `actor` and `gender` are read.
 * @param options K and seed.
 * @returns The test actors of each fold, each list sorted.
 * @throws {RangeError} K is not an integer in [2, number of actors].
 *
 * @example 20 actors in 5 folds: two men and two women each
 * ```ts
 * import { actorFolds } from "./folds.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const clips = Array.from({ length: 20 }, (_, i) => ({
 *   actor: i + 1, gender: (i + 1) % 2 ? "male" as const : "female" as const,
 * }));
 * const folds = actorFolds(clips, { folds: 5, seed: 1 });
 * assertEquals(folds.map((f) => f.length), [4, 4, 4, 4, 4]);
 * assertEquals(folds.flat().sort((a, b) => a - b), clips.map((c) => c.actor));
 * assertEquals(folds.map((f) => f.filter((a) => a % 2).length), [2, 2, 2, 2, 2]);
 * ```
 */
export function actorFolds(
  clips: readonly Pick<SplitClip, "actor" | "gender">[],
  options: ActorFoldsOptions,
): number[][] {
  const { folds, seed = DEFAULT_CONFIG.split.seed } = options;
  const genderOf = new Map<number, Gender>();
  for (const clip of clips) genderOf.set(clip.actor, clip.gender);
  const actors = [...genderOf.keys()].sort((a, b) => a - b);
  if (!Number.isInteger(folds) || folds < 2 || folds > actors.length) {
    throw new RangeError(
      `Cannot make folds as folds must be an integer from 2 to the number of actors (${actors.length}): current value is ${folds}`,
    );
  }
  const random = mulberry32(seed);
  const men = shuffle(actors.filter((a) => genderOf.get(a) === "male"), random);
  const women = shuffle(actors.filter((a) => genderOf.get(a) === "female"), random);
  const out: number[][] = Array.from({ length: folds }, () => []);
  [...men, ...women].forEach((actor, i) => out[i % folds].push(actor));
  return out.map((fold) => fold.sort((a, b) => a - b));
}

/**
 * The split of fold `fold` of a K-fold cross-validation by actor: its test
 * actors from {@linkcode actorFolds}, `validationActors` validation actors
 * drawn (seeded by seed and fold) from the remaining actors, half of each
 * gender, and all other actors for training. Files are read once (SHA-256):
 * a byte-identical copy of a held-out file is held out with it.
 *
 * @param clips The clips, e.g. `scanRavdess(dir).clips`.
 * @param options K, the fold, the seed and the number of validation actors.
 * @returns The clips of each subset in input order, and the groups of identical files.
 * @throws {RangeError} K or the fold out of range, or too few actors left for validation and training.
 *
 * @example Fold 2 of 5
 * ```ts
 * import { foldSplit } from "./folds.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const clips = [];
 * for (let actor = 1; actor <= 10; actor++) {
 *   const path = `${dir}/03-01-05-01-01-01-${String(actor).padStart(2, "0")}.wav`;
 *   await Deno.writeTextFile(path, `clip of actor ${actor}`);
 *   clips.push({ path, emotion: "angry", actor, gender: actor % 2 ? "male" : "female" } as const);
 * }
 * const split = await foldSplit(clips, { folds: 5, fold: 2, seed: 7 });
 * assertEquals([split.train.length, split.validation.length, split.test.length], [6, 2, 2]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function foldSplit<C extends SplitClip>(
  clips: readonly C[],
  options: FoldSplitOptions,
): Promise<ClipSplit<C>> {
  const {
    folds,
    fold,
    seed = DEFAULT_CONFIG.split.seed,
    validationActors = DEFAULT_CONFIG.split.foldValidationActors,
  } = options;
  const testActors = actorFolds(clips, { folds, seed });
  if (!Number.isInteger(fold) || fold < 1 || fold > folds) {
    throw new RangeError(
      `Cannot make the split of a fold as fold must be an integer from 1 to ${folds}: current value is ${fold}`,
    );
  }
  const test = new Set(testActors[fold - 1]);
  const genderOf = new Map(clips.map((c) => [c.actor, c.gender]));
  const rest = [...genderOf.keys()].filter((a) => !test.has(a)).sort((a, b) => a - b);
  if (
    !(Number.isInteger(validationActors) && validationActors >= 0) ||
    rest.length <= validationActors
  ) {
    throw new RangeError(
      `Cannot make the split of fold ${fold} as validationActors must leave an actor for training: current value is ${validationActors} of ${rest.length} actors`,
    );
  }
  const random = mulberry32((seed * 1000003 + fold) >>> 0);
  const pools = {
    male: shuffle(rest.filter((a) => genderOf.get(a) === "male"), random),
    female: shuffle(rest.filter((a) => genderOf.get(a) === "female"), random),
  };
  const validation = new Set<number>();
  let gender: Gender = random() < 0.5 ? "male" : "female";
  while (validation.size < validationActors) {
    const pool = pools[gender].length > 0
      ? pools[gender]
      : pools[gender === "male" ? "female" : "male"];
    validation.add(pool.shift()!);
    gender = gender === "male" ? "female" : "male";
  }
  const subsetOf = new Map<C, SplitSubset>(clips.map((clip) => [
    clip,
    test.has(clip.actor) ? "test" : validation.has(clip.actor) ? "validation" : "train",
  ]));
  // A byte-identical copy of a held-out file goes where the held-out one is.
  const groups = await identicalFileGroups(clips);
  const rank: Record<SplitSubset, number> = { test: 2, validation: 1, train: 0 };
  for (const group of groups) {
    const held = group.map((c) => subsetOf.get(c)!).sort((a, b) => rank[b] - rank[a])[0];
    for (const clip of group) subsetOf.set(clip, held);
  }
  const split: ClipSplit<C> = { train: [], validation: [], test: [], duplicates: [] };
  for (const clip of clips) split[subsetOf.get(clip)!].push(clip);
  split.duplicates = groups.filter((g) => g.length > 1).map((g) =>
    g.map((c) => c.path).sort(compare)
  );
  return split;
}
