/**
 * The shapes `lib/report` reads: the metrics `lib/eval` writes to
 * `metrics.json`, the epoch log `lib/train` writes to `history.json`, and the
 * plotly figure values the builders return. Declared here structurally, so
 * `lib/report` does not import `lib/eval`.
 *
 * @module
 */

/** Precision, recall and F1 of one class. */
export interface ClassMetrics {
  /** The class label. */
  label: string;
  /** Correct predictions of the class / predictions of the class. */
  precision: number;
  /** Correct predictions of the class / clips of the class. */
  recall: number;
  /** Harmonic mean of precision and recall. */
  f1: number;
  /** Clips of the class. */
  support: number;
}

/** A confidence interval. */
export interface Interval {
  /** Lower bound, as a fraction (or a difference of fractions for the gap). */
  low: number;
  /** Upper bound. */
  high: number;
}

/** Metrics of a subset of the test clips (one gender, actor, intensity or statement). */
export interface GroupMetrics {
  /** Clips in the subset. */
  n: number;
  /** Share of the subset's clips predicted right. */
  accuracy: number;
  /** Unweighted average recall over the classes present. */
  uar: number;
  /** Mean F1 over the classes. */
  macroF1: number;
}

/** The evaluation of one run on its test set, as in `metrics.json`. */
export interface RunMetrics {
  /** Test clips. */
  n: number;
  /** The class order of `perClass`, `confusion` and `byEmotionGender`. */
  labels: string[];
  /** Share of clips predicted right. */
  accuracy: number;
  /** Mean F1 over the classes. */
  macroF1: number;
  /** Unweighted average recall (balanced accuracy). */
  uar: number;
  /** Scores of each class, in `labels` order. */
  perClass: ClassMetrics[];
  /** Counts, rows true, columns predicted, in `labels` order. */
  confusion: number[][];
  /** Each row of `confusion` divided by its sum (NaN for an empty row). */
  confusionNormalized: number[][];
  /** Scores of the male and of the female speakers' clips. */
  byGender: { male: GroupMetrics; female: GroupMetrics };
  /** Male − female accuracy. */
  genderGap: number;
  /** Accuracy (recall) of each emotion within each gender. */
  byEmotionGender: {
    label: string;
    male: number;
    female: number;
    nMale: number;
    nFemale: number;
  }[];
  /** Scores of each actor, keyed by actor ("01" … "24"). */
  byActor: Record<string, GroupMetrics & { gender: "male" | "female" }>;
  /** Scores of each intensity present. */
  byIntensity: Record<string, GroupMetrics>;
  /** Scores of each statement present. */
  byStatement: Record<string, GroupMetrics>;
  /** Bootstrap confidence intervals and the settings that drew them; absent when not computed. */
  ci?: {
    accuracy: Interval;
    macroF1: Interval;
    uar: Interval;
    genderGap: Interval;
    settings: { resamples: number; confidence: number; seed: number };
  };
}

/** The headline metrics averaged over folds. */
export interface FoldSummary {
  /** Accuracy. */
  accuracy: number;
  /** Macro-F1. */
  macroF1: number;
  /** UAR. */
  uar: number;
  /** Male − female accuracy. */
  genderGap: number;
}

/** The evaluation of a K-fold run, as in the parent folder's `metrics.json`. */
export interface KFoldMetrics {
  /** Each fold's metrics, in fold order. */
  folds: RunMetrics[];
  /** Mean over folds. */
  mean: FoldSummary;
  /** Standard deviation over folds (NaN for one fold). */
  std: FoldSummary;
  /** All folds' test predictions evaluated together. */
  pooled: RunMetrics;
}

/** One epoch of training, as in `history.json`. */
export interface EpochLog {
  /** 1-based. */
  epoch: number;
  /** Mean training loss. */
  loss: number;
  /** Training accuracy, a fraction. */
  accuracy: number;
  /** Validation loss. */
  valLoss: number;
  /** Validation accuracy, a fraction. */
  valAccuracy: number;
  /** Learning rate of the epoch. */
  lr: number;
  /** Wall time of the epoch. */
  seconds: number;
}

/** One plotly trace: plain JSON (`type`, `x`, `y`, ... as plotly.js reads them). */
export interface Trace {
  /** The trace type: "bar", "heatmap", "scatter", ... */
  type: string;
  /** The legend entry. */
  name?: string;
  /** x values. */
  x?: unknown[];
  /** y values. */
  y?: unknown[];
  /** Heatmap values, rows along y. */
  z?: unknown[][];
  /** Any other plotly trace attribute. */
  [key: string]: unknown;
}

/** A plotly layout annotation. */
export interface Annotation {
  /** The text, with plotly's HTML subset. */
  text: string;
  /** Position along x (data or paper coordinates, per `xref`). */
  x?: unknown;
  /** Position along y (per `yref`). */
  y?: unknown;
  /** Any other plotly annotation attribute. */
  [key: string]: unknown;
}

/** A plotly layout: plain JSON. */
export interface Layout {
  /** The figure title. */
  title?: { text: string; [key: string]: unknown };
  /** Text placed on the figure. */
  annotations?: Annotation[];
  /** Any other plotly layout attribute (axes, legend, size, ...). */
  [key: string]: unknown;
}

/** A plotly figure: plain JSON, as `Plotly.newPlot(div, data, layout)` reads it. */
export interface Figure {
  /** The traces, drawn in order. */
  data: Trace[];
  /** Axes, title, legend, size and annotations. */
  layout: Layout;
}

/** A run's metrics under its name, for figures and reports that compare runs. */
export interface NamedMetrics {
  /** The run's name, as shown in legends and column heads. */
  name: string;
  /** Its metrics; a K-fold run is shown by its pooled metrics. */
  metrics: RunMetrics | KFoldMetrics;
}

/**
 * What a run's `config.json` holds. The report shows every field; these are
 * the ones it knows by name.
 */
export interface RunConfig {
  /** Every setting of the run. */
  config?: Record<string, unknown>;
  /** Every setting of the run, as `deno task train` writes them (`config`, `split`, `dataHash`, ...). */
  settings?: Record<string, unknown>;
  /** The split protocol. */
  protocol?: unknown;
  /** The fold of a K-fold run's fold folder. */
  fold?: unknown;
  /** The backend, with a one-line description in `line`. */
  backend?: { line?: string; [key: string]: unknown };
  /** Versions of the tools that made the run. */
  versions?: Record<string, unknown>;
  /** Hash of the data the run read. */
  dataHash?: string;
  /** Any other field, shown as it is. */
  [key: string]: unknown;
}

/** A run as a report shows it: its name, settings, metrics and epoch logs. */
export interface RunRecord {
  /** The run's name, e.g. its folder name. */
  name: string;
  /** The contents of `config.json` (`{}` when there is none). */
  config: RunConfig;
  /** The contents of `metrics.json`. */
  metrics: RunMetrics | KFoldMetrics;
  /** One epoch log per fold (one for a single run); may be empty. */
  histories: EpochLog[][];
}
