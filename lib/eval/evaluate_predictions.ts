import { EMOTIONS, type Gender } from "../dataset/names.ts";
import { classificationReport } from "./classification_report.ts";
import { mulberry32 } from "../_random/mod.ts";
import { ACCURACY, MACRO_F1, scoreCounts, UAR } from "./_scores.ts";
import { bootstrapSettings, percentileInterval } from "./_bootstrap.ts";
import type {
  BootstrapSettings,
  GroupMetrics,
  Interval,
  PredictionRecord,
  RunMetrics,
} from "./types.ts";

export { DEFAULT_BOOTSTRAP } from "./_bootstrap.ts";

/** Options of {@linkcode evaluatePredictions}. */
export interface EvaluatePredictionsOptions {
  /**
   * The classes, in output order; every `emotion` and `predicted` must be one
   * of them, and absent ones are kept (scored with zero division 0).
   * @default {EMOTIONS}
   */
  labels?: readonly string[];
  /**
   * Settings of the percentile bootstrap, merged over the defaults, or
   * `false` for no intervals (no `ci` field).
   * @default {{ resamples: 1000, confidence: 0.95, seed: 42 }}
   */
  bootstrap?: Partial<BootstrapSettings> | false;
}

/**
 * Scores one set of test predictions: overall accuracy, macro-F1 and UAR with
 * per-class scores and confusion matrices (as {@linkcode classificationReport}
 * with `zeroDivision: 0`), then the same per gender, per emotion and gender,
 * per actor, per intensity and per statement, and the gender gap (male
 * accuracy − female accuracy).
 *
 * Intervals come from a seeded percentile bootstrap: `resamples` times, n of
 * the n records are drawn with replacement, and the four headline
 * numbers are recomputed (macro-F1 over all `labels`, UAR over the labels
 * with true samples in the resample, as for the point estimates). The
 * interval is the (1 − confidence)/2 and (1 + confidence)/2 quantiles of those
 * values, with NumPy's linear interpolation; resamples lacking a gender are
 * left out of the gap's interval. The settings are echoed in `ci.settings`.
 *
 * Group scores (`byGender`, `byActor`, `byIntensity`, `byStatement`) use the
 * labels that occur in the group, see {@linkcode GroupMetrics}; a gender with
 * no records has `NaN` scores, and so has the gap then.
 *
 * @param records The test predictions; not empty.
 * @param options Class order and bootstrap settings.
 * @returns The metrics, ready for `JSON.stringify` (`NaN` becomes `null`).
 * @throws {RangeError} No records, a label not among `labels`, a gender other
 *   than male or female, or bootstrap settings out of range (resamples a
 *   positive integer, confidence in (0, 1), seed a finite number).
 *
 * @example Accuracy and gender gap of four predictions
 * ```ts
 * import { evaluatePredictions } from "./evaluate_predictions.ts";
 * import type { PredictionRecord } from "./types.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const record = (actor: number, emotion: "sad" | "angry", predicted: "sad" | "angry") =>
 *   ({
 *     file: `Actor_0${actor}/x.wav`,
 *     actor,
 *     gender: actor % 2 ? "male" : "female",
 *     emotion,
 *     intensity: "normal",
 *     statement: 1,
 *     predicted,
 *     probabilities: [],
 *   }) as PredictionRecord;
 * const metrics = evaluatePredictions([
 *   record(1, "sad", "sad"),
 *   record(1, "angry", "angry"),
 *   record(2, "sad", "angry"),
 *   record(2, "angry", "angry"),
 * ], { bootstrap: false });
 * assertEquals(metrics.accuracy, 0.75);
 * assertEquals(metrics.byGender.male.accuracy, 1);
 * assertEquals(metrics.byGender.female.accuracy, 0.5);
 * assertEquals(metrics.genderGap, 0.5);
 * assertEquals(Object.keys(metrics.byActor), ["01", "02"]);
 * assertEquals(metrics.ci, undefined);
 * ```
 *
 * @example Reproducible intervals
 * ```ts
 * import { evaluatePredictions } from "./evaluate_predictions.ts";
 * import type { PredictionRecord } from "./types.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const records: PredictionRecord[] = [];
 * for (let i = 0; i < 40; i++) {
 *   records.push({
 *     file: `clip${i}.wav`,
 *     actor: 1 + (i % 4),
 *     gender: i % 2 ? "female" : "male",
 *     emotion: i % 3 ? "happy" : "sad",
 *     intensity: "normal",
 *     statement: 1,
 *     predicted: i % 5 ? "happy" : "sad",
 *     probabilities: [],
 *   });
 * }
 * const a = evaluatePredictions(records, { bootstrap: { resamples: 200, seed: 7 } });
 * const b = evaluatePredictions(records, { bootstrap: { resamples: 200, seed: 7 } });
 * assertEquals(a.ci, b.ci);
 * assertEquals(a.ci!.settings, { resamples: 200, confidence: 0.95, seed: 7 });
 * assert(a.ci!.accuracy.low <= a.accuracy && a.accuracy <= a.ci!.accuracy.high);
 * ```
 */
export function evaluatePredictions(
  records: readonly PredictionRecord[],
  options: EvaluatePredictionsOptions = {},
): RunMetrics {
  const { labels = EMOTIONS, bootstrap = {} } = options;
  const cannot = "Cannot evaluate predictions";
  if (records.length === 0) {
    throw new RangeError(`${cannot} as records must not be empty: current value is 0 records`);
  }
  const settings = bootstrap === false
    ? null
    : bootstrapSettings(bootstrap, "Cannot evaluate predictions");
  const n = records.length;
  const nClasses = labels.length;
  const index = new Map(labels.map((label, i) => [label, i]));
  const yTrue = new Int32Array(n);
  const yPred = new Int32Array(n);
  const male = new Uint8Array(n);
  records.forEach((record, i) => {
    for (const field of ["emotion", "predicted"] as const) {
      if (!index.has(record[field])) {
        throw new RangeError(
          `${cannot} as ${field} must be one of labels: current value is ${
            JSON.stringify(record[field])
          } in record ${i}`,
        );
      }
    }
    if (record.gender !== "male" && record.gender !== "female") {
      throw new RangeError(
        `${cannot} as gender must be male or female: current value is ${
          JSON.stringify(record.gender)
        } in record ${i}`,
      );
    }
    yTrue[i] = index.get(record.emotion)!;
    yPred[i] = index.get(record.predicted)!;
    male[i] = record.gender === "male" ? 1 : 0;
  });

  const report = classificationReport(
    records.map((r) => r.emotion as string),
    records.map((r) => r.predicted as string),
    { labels, zeroDivision: 0 },
  );
  const group = (members: number[]): GroupMetrics => groupMetrics(members, yTrue, yPred, nClasses);
  const all = records.map((_, i) => i);
  const byGender: Record<Gender, GroupMetrics> = {
    male: group(all.filter((i) => male[i] === 1)),
    female: group(all.filter((i) => male[i] === 0)),
  };
  const byEmotionGender = labels.map((label, k) => {
    let nMale = 0, nFemale = 0, rightMale = 0, rightFemale = 0;
    for (let i = 0; i < n; i++) {
      if (yTrue[i] !== k) continue;
      const right = yPred[i] === k ? 1 : 0;
      if (male[i]) {
        nMale++;
        rightMale += right;
      } else {
        nFemale++;
        rightFemale += right;
      }
    }
    return {
      label,
      male: nMale === 0 ? NaN : rightMale / nMale,
      female: nFemale === 0 ? NaN : rightFemale / nFemale,
      nMale,
      nFemale,
    };
  });
  const byActor: Record<string, GroupMetrics & { gender: Gender }> = {};
  const actorGroups = groupBy(records, (r) => r.actor, (a, b) => a - b);
  for (const [actor, members] of actorGroups) {
    byActor[String(actor).padStart(2, "0")] = {
      ...group(members),
      gender: records[members[0]].gender,
    };
  }
  const keyed = (key: (r: PredictionRecord) => string) =>
    Object.fromEntries(
      [...groupBy(records, key, compare)].map(([value, members]) => [value, group(members)]),
    );

  const metrics: RunMetrics = {
    n,
    labels: [...labels],
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    uar: report.uar,
    macroPrecision: report.macroPrecision,
    macroRecall: report.macroRecall,
    perClass: report.perClass,
    confusion: report.confusion,
    confusionNormalized: report.confusion.map((row) => {
      const sum = row.reduce((a, b) => a + b, 0);
      return row.map((count) => (sum === 0 ? 0 : count / sum));
    }),
    byGender,
    genderGap: byGender.male.accuracy - byGender.female.accuracy,
    byEmotionGender,
    byActor,
    byIntensity: keyed((r) => r.intensity),
    byStatement: keyed((r) => String(r.statement)),
    zeroDivision: 0,
  };
  if (settings) metrics.ci = bootstrapIntervals(yTrue, yPred, male, nClasses, settings);
  return metrics;
}

/** Scores of the records at `members`, over the labels that occur among them. */
function groupMetrics(
  members: readonly number[],
  yTrue: Int32Array,
  yPred: Int32Array,
  nClasses: number,
): GroupMetrics {
  const tp = new Float64Array(nClasses);
  const support = new Float64Array(nClasses);
  const predicted = new Float64Array(nClasses);
  for (const i of members) {
    support[yTrue[i]]++;
    predicted[yPred[i]]++;
    if (yTrue[i] === yPred[i]) tp[yTrue[i]]++;
  }
  const present = new Uint8Array(nClasses);
  for (let k = 0; k < nClasses; k++) present[k] = support[k] + predicted[k] > 0 ? 1 : 0;
  const scores = scoreCounts(tp, support, predicted, 0, new Float64Array(5), present);
  return {
    n: members.length,
    accuracy: scores[ACCURACY],
    uar: scores[UAR],
    macroF1: scores[MACRO_F1],
  };
}

/**
 * The percentile bootstrap. Records are integer-coded up front; each
 * resample only fills preallocated count arrays, so nothing is allocated
 * per resample.
 */
function bootstrapIntervals(
  yTrue: Int32Array,
  yPred: Int32Array,
  male: Uint8Array,
  nClasses: number,
  settings: BootstrapSettings,
): NonNullable<RunMetrics["ci"]> {
  const { resamples, confidence, seed } = settings;
  const n = yTrue.length;
  const random = mulberry32(seed);
  const tp = new Float64Array(nClasses);
  const support = new Float64Array(nClasses);
  const predicted = new Float64Array(nClasses);
  const scores = new Float64Array(5);
  const accuracy = new Float64Array(resamples);
  const macroF1 = new Float64Array(resamples);
  const uar = new Float64Array(resamples);
  const gap = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    tp.fill(0);
    support.fill(0);
    predicted.fill(0);
    let nMale = 0, rightMale = 0, rightFemale = 0;
    for (let draw = 0; draw < n; draw++) {
      const i = Math.floor(random() * n);
      const t = yTrue[i], p = yPred[i];
      support[t]++;
      predicted[p]++;
      if (male[i]) nMale++;
      if (t === p) {
        tp[t]++;
        if (male[i]) rightMale++;
        else rightFemale++;
      }
    }
    scoreCounts(tp, support, predicted, 0, scores);
    accuracy[r] = scores[ACCURACY];
    macroF1[r] = scores[MACRO_F1];
    uar[r] = scores[UAR];
    gap[r] = nMale === 0 || nMale === n ? NaN : rightMale / nMale - rightFemale / (n - nMale);
  }
  const interval = (values: Float64Array): Interval => percentileInterval(values, confidence);
  return {
    accuracy: interval(accuracy),
    macroF1: interval(macroF1),
    uar: interval(uar),
    genderGap: interval(gap),
    settings: { resamples, confidence, seed },
  };
}

/** Indices of records per key, keys in `order`. */
function groupBy<K>(
  records: readonly PredictionRecord[],
  key: (record: PredictionRecord) => K,
  order: (a: K, b: K) => number,
): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  records.forEach((record, i) => {
    const k = key(record);
    const members = groups.get(k);
    if (members) members.push(i);
    else groups.set(k, [i]);
  });
  return new Map([...groups].sort(([a], [b]) => order(a, b)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
