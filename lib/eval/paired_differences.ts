import { EMOTIONS } from "../dataset/names.ts";
import { mulberry32 } from "../_random/mod.ts";
import { ACCURACY, MACRO_F1, scoreCounts, UAR } from "./_scores.ts";
import { bootstrapSettings, percentileInterval } from "./_bootstrap.ts";
import type { BootstrapSettings, PairedDifferences, PredictionRecord } from "./types.ts";

/** Options of {@linkcode pairedDifferences}. */
export interface PairedDifferencesOptions {
  /** The classes; every `emotion` and `predicted` must be one of them. @default {EMOTIONS} */
  labels?: readonly string[];
  /**
   * Settings of the paired percentile bootstrap, merged over the defaults.
   * @default {{ resamples: 1000, confidence: 0.95, seed: 42 }}
   */
  bootstrap?: Partial<BootstrapSettings>;
}

/**
 * How much run b differs from run a on the same test clips, with a paired
 * percentile bootstrap: each resample draws n clips with replacement and
 * scores both runs on that same draw, so the interval of b − a reflects how
 * the two runs disagree clip by clip, not the spread of each alone. Two
 * runs whose own intervals overlap can still differ here, which is what an
 * ablation on shared folds needs (the seed's pitch augmentation and the
 * gender gap, say). Scores are those of `evaluatePredictions` (macro-F1
 * over all labels, UAR over the labels with true clips, gap = male − female
 * accuracy); resamples lacking a gender are left out of the gap's interval.
 *
 * @param a The first run's test predictions.
 * @param b The second run's predictions of the same clips (matched by
 *   `file`, in any order).
 * @param options Class order and bootstrap settings (default 1000
 *   resamples, 95%, seed 42).
 * @returns b − a per headline number with its interval.
 * @throws {RangeError} No records, the runs did not predict the same clips,
 *   a clip whose true emotion or gender differs between them, a label not
 *   among `labels`, or bootstrap settings out of range.
 *
 * @example The same clips, b right more often
 * ```ts
 * import { pairedDifferences } from "./paired_differences.ts";
 * import type { PredictionRecord } from "./types.ts";
 * import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
 *
 * const a: PredictionRecord[] = [];
 * const b: PredictionRecord[] = [];
 * for (let i = 0; i < 200; i++) {
 *   const clip = (predicted: "sad" | "happy"): PredictionRecord => ({
 *     file: `clip${i}.wav`,
 *     actor: 1 + (i % 4),
 *     gender: i % 2 ? "female" : "male",
 *     emotion: "sad",
 *     intensity: "normal",
 *     statement: 1,
 *     predicted,
 *     probabilities: [],
 *   });
 *   a.push(clip(i % 2 ? "sad" : "happy")); // women only
 *   b.push(clip(i % 10 === 0 ? "happy" : "sad")); // 90%
 * }
 * const d = pairedDifferences(a, b, { bootstrap: { resamples: 200 } });
 * assertEquals(d.n, 200);
 * assertAlmostEquals(d.accuracy.difference, 0.9 - 0.5);
 * assert(d.accuracy.low > 0); // b is better, beyond sampling noise
 * // The gap (men − women): 0.8 − 1 in b, 0 − 1 in a.
 * assertAlmostEquals(d.genderGap.difference, -0.2 - -1);
 * ```
 */
export function pairedDifferences(
  a: readonly PredictionRecord[],
  b: readonly PredictionRecord[],
  options: PairedDifferencesOptions = {},
): PairedDifferences {
  const { labels = EMOTIONS, bootstrap = {} } = options;
  const cannot = "Cannot compare predictions";
  const settings = bootstrapSettings(bootstrap, cannot);
  const pairs = pairByFile(a, b, cannot);
  const n = pairs.length;
  const index = new Map(labels.map((label, i) => [label, i]));
  const code = (label: string, field: string, file: string) => {
    const k = index.get(label);
    if (k === undefined) {
      throw new RangeError(
        `${cannot} as ${field} must be one of labels: current value is ${
          JSON.stringify(label)
        } for ${file}`,
      );
    }
    return k;
  };
  const yTrue = new Int32Array(n);
  const predA = new Int32Array(n);
  const predB = new Int32Array(n);
  const male = new Uint8Array(n);
  pairs.forEach(([ra, rb], i) => {
    yTrue[i] = code(ra.emotion, "emotion", ra.file);
    predA[i] = code(ra.predicted, "predicted", ra.file);
    predB[i] = code(rb.predicted, "predicted", rb.file);
    male[i] = ra.gender === "male" ? 1 : 0;
  });

  const scoreA = new PairScorer(labels.length);
  const scoreB = new PairScorer(labels.length);
  const headline = (draw: (j: number) => number) => {
    scoreA.reset();
    scoreB.reset();
    for (let j = 0; j < n; j++) {
      const i = draw(j);
      scoreA.add(yTrue[i], predA[i], male[i]);
      scoreB.add(yTrue[i], predB[i], male[i]);
    }
    const [sa, sb] = [scoreA.scores(), scoreB.scores()];
    return sa.map((value, k) => sb[k] - value);
  };
  const point = headline((j) => j);
  const random = mulberry32(settings.seed);
  const resampled = [0, 1, 2, 3].map(() => new Float64Array(settings.resamples));
  for (let r = 0; r < settings.resamples; r++) {
    const differences = headline(() => Math.floor(random() * n));
    differences.forEach((d, k) => resampled[k][r] = d);
  }
  const [accuracy, macroF1, uar, genderGap] = point.map((difference, k) => ({
    difference,
    ...percentileInterval(resampled[k], settings.confidence),
  }));
  return { n, accuracy, macroF1, uar, genderGap, settings: { ...settings } };
}

/** Count arrays of one run's draw, reused across resamples. */
class PairScorer {
  readonly tp: Float64Array;
  readonly support: Float64Array;
  readonly predicted: Float64Array;
  readonly #out = new Float64Array(5);
  nMale = 0;
  n = 0;
  rightMale = 0;
  rightFemale = 0;

  constructor(classes: number) {
    this.tp = new Float64Array(classes);
    this.support = new Float64Array(classes);
    this.predicted = new Float64Array(classes);
  }

  reset() {
    this.tp.fill(0);
    this.support.fill(0);
    this.predicted.fill(0);
    this.n =
      this.nMale =
      this.rightMale =
      this.rightFemale =
        0;
  }

  add(truth: number, prediction: number, male: number) {
    this.n++;
    this.support[truth]++;
    this.predicted[prediction]++;
    if (male) this.nMale++;
    if (truth === prediction) {
      this.tp[truth]++;
      if (male) this.rightMale++;
      else this.rightFemale++;
    }
  }

  /** [accuracy, macro-F1, UAR, gender gap]; the gap is `NaN` without both genders. */
  scores(): [number, number, number, number] {
    const s = scoreCounts(this.tp, this.support, this.predicted, 0, this.#out);
    const nFemale = this.n - this.nMale;
    const gap = this.nMale === 0 || nFemale === 0
      ? NaN
      : this.rightMale / this.nMale - this.rightFemale / nFemale;
    return [s[ACCURACY], s[MACRO_F1], s[UAR], gap];
  }
}

/** The records of both runs paired clip by clip, in `a`'s order. */
function pairByFile(
  a: readonly PredictionRecord[],
  b: readonly PredictionRecord[],
  cannot: string,
): [PredictionRecord, PredictionRecord][] {
  if (a.length === 0 || b.length === 0) {
    throw new RangeError(
      `${cannot} as records must not be empty: current lengths are ${a.length} and ${b.length}`,
    );
  }
  const byFile = new Map(b.map((record) => [record.file, record]));
  const onlyA = a.filter((record) => !byFile.has(record.file));
  const files = new Set(a.map((record) => record.file));
  const onlyB = b.filter((record) => !files.has(record.file));
  if (onlyA.length > 0 || onlyB.length > 0 || files.size !== a.length || byFile.size !== b.length) {
    const example = onlyA[0]?.file ?? onlyB[0]?.file ?? "a clip listed twice";
    throw new RangeError(
      `${cannot} as both runs must predict the same clips, once each: current value is ${onlyA.length} clips only in the first, ${onlyB.length} only in the second (${example})`,
    );
  }
  return a.map((ra) => {
    const rb = byFile.get(ra.file)!;
    if (ra.emotion !== rb.emotion || ra.gender !== rb.gender) {
      throw new RangeError(
        `${cannot} as a clip must have the same emotion and gender in both runs: current value differs for ${ra.file}`,
      );
    }
    return [ra, rb];
  });
}
