import { confusionMatrix } from "./confusion_matrix.ts";
import { ACCURACY, MACRO_F1, MACRO_PRECISION, MACRO_RECALL, scoreCounts, UAR } from "./_scores.ts";
import type { ClassMetrics } from "./types.ts";

/** Options of {@linkcode classificationReport}. */
export interface ClassificationReportOptions<T extends string | number> {
  /**
   * The classes, in output order. Classes absent from both arrays are kept
   * (with support 0); every value of `yTrue` and `yPred` must be one of them.
   * @default {the distinct values of yTrue and yPred, sorted (numbers numerically)}
   */
  labels?: readonly T[];
  /**
   * The value of a precision, recall or F1 whose denominator is 0: `0`, `1`
   * or `NaN` (scikit-learn's `zero_division`). `0` and `1` count in the macro
   * averages; `NaN` values are left out of them.
   * @default {0}
   */
  zeroDivision?: number;
}

/** What {@linkcode classificationReport} returns. */
export interface ClassificationReport<T extends string | number> {
  /** Number of items. */
  n: number;
  /** The class order of `perClass` and `confusion`. */
  labels: T[];
  /** Share of items with `yPred[i] === yTrue[i]`. */
  accuracy: number;
  /** Mean precision over `labels`. */
  macroPrecision: number;
  /** Mean recall over `labels`: classes with no true items count as `zeroDivision`. */
  macroRecall: number;
  /** Mean F1 over `labels`: classes with no true and no predicted items count as `zeroDivision`. */
  macroF1: number;
  /**
   * Unweighted average recall, i.e. balanced accuracy: mean recall over the
   * labels that have true items; labels without any are left out whatever
   * `zeroDivision` says. Equals `macroRecall` when every label occurs in `yTrue`.
   */
  uar: number;
  /** Scores of each label, in `labels` order. */
  perClass: ClassMetrics[];
  /** Counts; rows true labels, columns predicted labels, in `labels` order. */
  confusion: number[][];
}

/**
 * Accuracy, macro-F1, UAR, per-class precision/recall/F1/support and the
 * confusion matrix of one set of predictions, with scikit-learn's semantics
 * and `labels` fixing the class order:
 *
 * - precision_k = TP_k / predicted_k; `zeroDivision` when class k was never
 *   predicted.
 * - recall_k = TP_k / support_k; `zeroDivision` when class k has no true items.
 * - F1_k = 2·TP_k / (support_k + predicted_k) (the harmonic mean of precision
 *   and recall); `zeroDivision` only when the class is in neither array, and
 *   0 (not `zeroDivision`) when it is in one but never predicted right.
 * - `macroPrecision`, `macroRecall`, `macroF1`: plain means over all labels,
 *   zero-division values included, except `NaN`, which is skipped.
 *   With `zeroDivision: 0` they equal `precision_score`, `recall_score` and
 *   `f1_score(average="macro", labels=labels, zero_division=0)`.
 * - `uar` equals `balanced_accuracy_score(y_true, y_pred)`: labels with no true
 *   items are left out of the mean rather than counted as 0.
 *
 * @param yTrue True labels, one per item; not empty.
 * @param yPred Predicted labels, as many as `yTrue`.
 * @param options Class order and zero-division value.
 * @returns The scores, per class in `labels` order.
 * @throws {RangeError} Empty input, lengths that differ, a value not among
 *   `labels`, labels given twice, or a `zeroDivision` other than 0, 1 or NaN.
 * @throws {TypeError} Without `labels`, values that mix strings and numbers.
 *
 * @example A class never predicted has precision 0
 * ```ts
 * import { classificationReport } from "./classification_report.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = classificationReport(
 *   ["sad", "sad", "angry", "angry"],
 *   ["sad", "angry", "angry", "angry"],
 *   { labels: ["angry", "sad", "calm"] },
 * );
 * assertEquals(report.accuracy, 0.75);
 * assertEquals(report.perClass.map((c) => [c.label, c.precision, c.recall, c.support]), [
 *   ["angry", 2 / 3, 1, 2],
 *   ["sad", 1, 0.5, 2],
 *   ["calm", 0, 0, 0],
 * ]);
 * assertEquals(report.uar, 0.75); // calm has no true items: left out
 * assertEquals(report.macroRecall, 0.5); // calm counts as 0
 * assertEquals(report.confusion, [[2, 0, 0], [1, 1, 0], [0, 0, 0]]);
 * ```
 *
 * @example Without labels, the sorted distinct values are the classes
 * ```ts
 * import { classificationReport } from "./classification_report.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = classificationReport([2, 0, 10], [2, 0, 0]);
 * assertEquals(report.labels, [0, 2, 10]);
 * assertEquals(report.macroF1, (2 / 3 + 1 + 0) / 3);
 * ```
 */
export function classificationReport<T extends string | number>(
  yTrue: readonly T[],
  yPred: readonly T[],
  options: ClassificationReportOptions<T> = {},
): ClassificationReport<T> {
  const { zeroDivision = 0 } = options;
  const cannot = "Cannot compute classification report";
  if (yTrue.length === 0) {
    throw new RangeError(`${cannot} as yTrue must not be empty: current value is 0 items`);
  }
  if (yPred.length !== yTrue.length) {
    throw new RangeError(
      `${cannot} as yPred must have the length of yTrue (${yTrue.length}): current value is ${yPred.length}`,
    );
  }
  if (!(zeroDivision === 0 || zeroDivision === 1 || Number.isNaN(zeroDivision))) {
    throw new RangeError(
      `${cannot} as zeroDivision must be 0, 1 or NaN: current value is ${zeroDivision}`,
    );
  }
  const labels = options.labels ? [...options.labels] : sortedLabels(yTrue, yPred);
  const index = new Map<T, number>();
  labels.forEach((label, i) => {
    if (index.has(label)) {
      throw new RangeError(
        `${cannot} as labels must be distinct: current value is ${JSON.stringify(label)} twice`,
      );
    }
    index.set(label, i);
  });
  const toIndex = (name: string, values: readonly T[]) =>
    values.map((value, i) => {
      const k = index.get(value);
      if (k === undefined) {
        throw new RangeError(
          `${cannot} as ${name}[${i}] must be one of labels: current value is ${
            JSON.stringify(value)
          }`,
        );
      }
      return k;
    });
  const confusion = confusionMatrix(toIndex("yTrue", yTrue), toIndex("yPred", yPred), {
    nClasses: labels.length,
  });
  const nClasses = labels.length;
  const tp = new Float64Array(nClasses);
  const support = new Float64Array(nClasses);
  const predicted = new Float64Array(nClasses);
  for (let i = 0; i < nClasses; i++) {
    tp[i] = confusion[i][i];
    for (let j = 0; j < nClasses; j++) {
      support[i] += confusion[i][j];
      predicted[j] += confusion[i][j];
    }
  }
  const divide = (num: number, den: number) => den === 0 ? zeroDivision : num / den;
  const perClass = labels.map((label, k): ClassMetrics => ({
    label: String(label),
    precision: divide(tp[k], predicted[k]),
    recall: divide(tp[k], support[k]),
    f1: divide(2 * tp[k], support[k] + predicted[k]),
    support: support[k],
  }));
  const scores = scoreCounts(tp, support, predicted, zeroDivision, new Float64Array(5));
  return {
    n: yTrue.length,
    labels,
    accuracy: scores[ACCURACY],
    macroPrecision: scores[MACRO_PRECISION],
    macroRecall: scores[MACRO_RECALL],
    macroF1: scores[MACRO_F1],
    uar: scores[UAR],
    perClass,
    confusion,
  };
}

function sortedLabels<T extends string | number>(yTrue: readonly T[], yPred: readonly T[]): T[] {
  const distinct = [...new Set([...yTrue, ...yPred])];
  const types = new Set(distinct.map((value) => typeof value));
  if (types.size > 1) {
    throw new TypeError(
      "Cannot compute classification report as labels must be all strings or all numbers: " +
        `current value is a mix of ${[...types].sort().join(" and ")}`,
    );
  }
  return typeof distinct[0] === "number"
    ? distinct.sort((a, b) => (a as number) - (b as number))
    : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
