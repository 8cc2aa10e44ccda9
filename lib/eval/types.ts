/**
 * The shapes that `lib/eval` reads and writes: one test prediction
 * ({@linkcode PredictionRecord}) in, the metrics of a run
 * ({@linkcode RunMetrics}) or of a k-fold experiment ({@linkcode KFoldMetrics})
 * out. Every number is plain JSON; an undefined value (a group with no
 * records, the standard deviation of one fold) is `NaN`, which
 * `JSON.stringify` writes as `null`.
 *
 * @module
 */
import type { Emotion, Gender, Intensity } from "../dataset/names.ts";

/** One test prediction. */
export interface PredictionRecord {
  /** Path relative to the data folder, e.g. `"Actor_01/03-01-05-01-01-01-01.wav"`. */
  file: string;
  /** The speaker, in [1, 24]. */
  actor: number;
  /** The speaker's gender. */
  gender: Gender;
  /** The true label. */
  emotion: Emotion;
  /** The clip's intensity. */
  intensity: Intensity;
  /** 1 is "Kids are talking by the door", 2 "Dogs are sitting by the door". */
  statement: 1 | 2;
  /** The model's label (the arg max of `probabilities`). */
  predicted: Emotion;
  /** One probability per label, in `EMOTIONS` order. */
  probabilities: number[];
  /** k-fold runs: the fold (1-based) whose model predicted it. */
  fold?: number;
}

/** Scores of one class, as scikit-learn's `precision_recall_fscore_support`. */
export interface ClassMetrics {
  /** The class label (a number label is written as its string). */
  label: string;
  /** True positives / predicted positives; the zero-division value when nothing was predicted as this class. */
  precision: number;
  /** True positives / true samples; the zero-division value when the class has no true samples. */
  recall: number;
  /** 2·TP / (true + predicted samples); the zero-division value when both are 0. */
  f1: number;
  /** Number of true samples of the class. */
  support: number;
}

/** A closed confidence interval. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Scores of a subgroup of the records (a gender, an actor, an intensity, a
 * statement). `uar` and `macroF1` are computed as scikit-learn does without
 * `labels`: over the labels that occur in the group's true or predicted
 * values, so a group with no neutral clips (strong intensity) is not
 * charged an F1 of 0 for neutral unless it predicted neutral. All three
 * scores are `NaN` when `n` is 0.
 */
export interface GroupMetrics {
  /** Number of records in the group. */
  n: number;
  /** Share of the group's records predicted right. */
  accuracy: number;
  /** Unweighted average recall (balanced accuracy) over the classes with true samples in the group. */
  uar: number;
  /** Mean F1 over the labels that occur in the group (zero division gives 0). */
  macroF1: number;
}

/** How a percentile bootstrap was drawn; echoed in the result it produced. */
export interface BootstrapSettings {
  /** Number of resamples of the records (with replacement, same size). */
  resamples: number;
  /** Coverage of the interval, in (0, 1); 0.95 gives the 2.5th and 97.5th percentiles. */
  confidence: number;
  /** Seed of the resampling; the same seed and records give the same intervals. */
  seed: number;
}

/** Everything `evaluatePredictions` measures about one set of predictions. */
export interface RunMetrics {
  /** Number of records. */
  n: number;
  /** The class order of `perClass`, `confusion` and `byEmotionGender`. */
  labels: string[];
  /** Share of records predicted right. */
  accuracy: number;
  /** Mean of `perClass[].f1` over all labels (absent classes count as 0). */
  macroF1: number;
  /** Unweighted average recall = balanced accuracy: mean recall over the labels with true samples. */
  uar: number;
  /** Mean of `perClass[].precision` over all labels. */
  macroPrecision: number;
  /** Mean of `perClass[].recall` over all labels (absent classes count as 0); equals `uar` when every label has true samples. */
  macroRecall: number;
  /** Scores of each label, in `labels` order. */
  perClass: ClassMetrics[];
  /** Counts; rows are true labels, columns predicted ones, both in `labels` order. */
  confusion: number[][];
  /** Each row of `confusion` divided by its sum (a row of zeros stays zeros). */
  confusionNormalized: number[][];
  /** Scores of the male and of the female speakers' records. */
  byGender: Record<Gender, GroupMetrics>;
  /** Male accuracy − female accuracy: positive when the model does better on men. */
  genderGap: number;
  /** Accuracy (recall) of each emotion per gender, in `labels` order; `NaN` where a count is 0. */
  byEmotionGender: {
    label: string;
    male: number;
    female: number;
    nMale: number;
    nFemale: number;
  }[];
  /** Scores per actor, keyed `"01"`..`"24"` in actor order. */
  byActor: Record<string, GroupMetrics & { gender: Gender }>;
  /** Scores per intensity (`"normal"`, `"strong"`), for the intensities present. */
  byIntensity: Record<string, GroupMetrics>;
  /** Scores per statement (`"1"`, `"2"`), for the statements present. */
  byStatement: Record<string, GroupMetrics>;
  /** Percentile-bootstrap intervals, and the settings that drew them; absent when the bootstrap is off. */
  ci?: {
    accuracy: Interval;
    macroF1: Interval;
    uar: Interval;
    genderGap: Interval;
    settings: BootstrapSettings;
  };
  /** The value given to a precision, recall or F1 whose denominator is 0 (scikit-learn's `zero_division=0`). */
  zeroDivision: 0;
}

/** The four headline numbers of a run. */
export interface HeadlineMetrics {
  accuracy: number;
  macroF1: number;
  uar: number;
  genderGap: number;
}

/** Metrics of a k-fold experiment. */
export interface KFoldMetrics {
  /** Each fold's metrics, in fold order, without bootstrap intervals. */
  folds: RunMetrics[];
  /** Mean over folds. */
  mean: HeadlineMetrics;
  /** Sample standard deviation over folds (divides by k − 1; `NaN` for one fold). */
  std: HeadlineMetrics;
  /** All folds' test predictions evaluated together, with bootstrap intervals. */
  pooled: RunMetrics;
}

/** A difference between two runs (b − a) on a headline number, with its paired-bootstrap interval. */
export interface PairedDifference extends Interval {
  /** b − a on all shared clips. */
  difference: number;
}

/**
 * How run b differs from run a on the same test clips: b − a on each
 * headline number, each with an interval from one paired bootstrap.
 */
export interface PairedDifferences {
  /** Number of clips both runs predicted. */
  n: number;
  accuracy: PairedDifference;
  macroF1: PairedDifference;
  uar: PairedDifference;
  /** The change of the gender gap (male − female accuracy). */
  genderGap: PairedDifference;
  /** How the intervals were drawn. */
  settings: BootstrapSettings;
}
