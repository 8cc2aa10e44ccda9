/**
 * The shapes `lib/report` reads: the metrics `lib/eval` writes to
 * `metrics.json`, the epoch log `lib/train` writes to `history.json`, and the
 * plotly figure values the builders return. Declared here structurally, so
 * `lib/report` does not import `lib/eval`.
 *
 * @module
 */

// The metrics and histories come from lib/eval and lib/train, below this module.
import type {
  ClassMetrics,
  GroupMetrics,
  HeadlineMetrics as FoldSummary,
  Interval,
  KFoldMetrics,
  PairedDifferences,
  RunMetrics,
} from "../eval/types.ts";
import type { EpochLog } from "../train/checkpoint.ts";
export type {
  ClassMetrics,
  EpochLog,
  FoldSummary,
  GroupMetrics,
  Interval,
  KFoldMetrics,
  PairedDifferences,
  RunMetrics,
};

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

/** Two runs' differences measured on the same test clips (`lib/eval`'s `pairedDifferences(a, b)`). */
export interface PairedComparison {
  /** The first run's name. */
  a: string;
  /** The second run's name; differences are b − a. */
  b: string;
  /** The differences with their paired-bootstrap intervals. */
  differences: PairedDifferences;
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
