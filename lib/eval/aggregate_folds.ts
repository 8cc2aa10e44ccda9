import { evaluatePredictions, type EvaluatePredictionsOptions } from "./evaluate_predictions.ts";
import type { HeadlineMetrics, KFoldMetrics, PredictionRecord, RunMetrics } from "./types.ts";

/** Options of {@linkcode aggregateFolds}: those of `evaluatePredictions`; the bootstrap applies to the pooled metrics only. */
export type AggregateFoldsOptions = EvaluatePredictionsOptions;

const HEADLINES = ["accuracy", "macroF1", "uar", "genderGap"] as const;

/**
 * Metrics of a k-fold experiment: each fold's test predictions scored on
 * their own (without bootstrap intervals), the mean and the sample standard
 * deviation of the headline numbers over folds (dividing by k − 1, as
 * `numpy.std(ddof=1)`; `NaN` for a single fold), and all folds' predictions
 * pooled and scored together, with bootstrap intervals per `options.bootstrap`.
 *
 * @param folds The test predictions of each fold, in fold order; each not empty.
 * @param options Class order and bootstrap settings, as for `evaluatePredictions`.
 * @returns Per-fold, mean, standard deviation and pooled metrics.
 * @throws {RangeError} No folds, an empty fold, or any error of `evaluatePredictions`.
 *
 * @example Two folds
 * ```ts
 * import { aggregateFolds } from "./aggregate_folds.ts";
 * import type { PredictionRecord } from "./types.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const record = (actor: number, right: boolean, fold: number): PredictionRecord => ({
 *   file: `Actor_${actor}/x.wav`,
 *   actor,
 *   gender: actor % 2 ? "male" : "female",
 *   emotion: "calm",
 *   intensity: "normal",
 *   statement: 1,
 *   predicted: right ? "calm" : "sad",
 *   probabilities: [],
 *   fold,
 * });
 * const kfold = aggregateFolds([
 *   [record(1, true, 1), record(2, true, 1)],
 *   [record(3, true, 2), record(4, false, 2)],
 * ], { bootstrap: false });
 * assertEquals(kfold.folds.map((f) => f.accuracy), [1, 0.5]);
 * assertEquals(kfold.mean.accuracy, 0.75);
 * assertEquals(kfold.std.accuracy, Math.sqrt(0.125));
 * assertEquals(kfold.pooled.accuracy, 0.75);
 * assertEquals(kfold.pooled.n, 4);
 * ```
 */
export function aggregateFolds(
  folds: readonly (readonly PredictionRecord[])[],
  options: AggregateFoldsOptions = {},
): KFoldMetrics {
  if (folds.length === 0) {
    throw new RangeError(
      "Cannot aggregate folds as folds must not be empty: current value is 0 folds",
    );
  }
  folds.forEach((fold, i) => {
    if (fold.length === 0) {
      throw new RangeError(
        `Cannot aggregate folds as every fold must have records: current value is 0 records in fold ${
          i + 1
        }`,
      );
    }
  });
  const perFold: RunMetrics[] = folds.map((fold) =>
    evaluatePredictions(fold, { ...options, bootstrap: false })
  );
  const mean = {} as HeadlineMetrics;
  const std = {} as HeadlineMetrics;
  for (const key of HEADLINES) {
    const values = perFold.map((metrics) => metrics[key]);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    mean[key] = m;
    std[key] = values.length < 2
      ? NaN
      : Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
  }
  return { folds: perFold, mean, std, pooled: evaluatePredictions(folds.flat(), options) };
}
