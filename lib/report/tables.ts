/**
 * Tables of a run's metrics as [danfojs](https://danfo.jsdata.org)
 * DataFrames, for notebooks: {@linkcode metricsTables} (by class, by gender,
 * by actor, and by fold for a k-fold run) and {@linkcode compareTable} (runs
 * side by side). Each DataFrame shows as an HTML table in Deno's Jupyter
 * kernel.
 *
 * Only notebooks import this file: `lib/report/mod.ts` does not re-export
 * it, so the CLIs never load danfojs.
 *
 * One tfjs per process: danfojs 1.1.2 (1.2.0 cannot be installed from the npm
 * registry: it fetches xlsx from another host) `require`s its own
 * `@tensorflow/tfjs@^3.13.0` (3.21.0), which finds serlab's tfjs 4.22.0
 * engine on `globalThis` and re-registers ~330 of its CPU kernels with tfjs
 * 3's, with one "already registered" warning each. {@linkcode loadDanfo}
 * imports danfojs with that one `require` answered by serlab's own tfjs,
 * so tfjs 3 is never loaded; it is still downloaded with danfojs, as npm
 * resolves it. Get danfojs through {@linkcode loadDanfo}, never by a direct
 * import, which would load tfjs 3 after all.
 *
 * @example Per-class scores of a run
 * ```ts
 * import { metricsTables } from "./tables.ts";
 * import { tinyMetrics } from "./_testing.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const { byClass, byGender } = await metricsTables(tinyMetrics());
 * assertEquals(byClass.index, ["neutral", "happy", "sad"]);
 * assertEquals(byClass.column("support").values, [4, 4, 4]);
 * assertEquals(byGender.index, ["male", "female"]);
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { DataFrame } from "danfojs";
import Module from "node:module";
import { isKFold, runMetricsOf } from "./_format.ts";
import { escapeHtml } from "./_html.ts";
import type { KFoldMetrics, NamedMetrics, RunMetrics } from "./_types.ts";

/** The danfojs module, as {@linkcode loadDanfo} returns it. */
export type Danfo = typeof import("danfojs");

/** The tables of {@linkcode metricsTables}. */
export interface MetricsTables {
  /** One row per class (`labels` order): precision, recall, f1, support, maleRecall, femaleRecall. */
  byClass: DataFrame;
  /** Rows male and female: n, accuracy, uar, macroF1. */
  byGender: DataFrame;
  /** One row per actor ("01" … "24"): gender, n, accuracy, uar, macroF1. */
  byActor: DataFrame;
  /** k-fold runs only: one row per fold ("1" … "K"): n, accuracy, macroF1, uar, genderGap. */
  byFold?: DataFrame;
}

const TFJS = "@tensorflow/tfjs";
let loading: Promise<Danfo> | null = null;

/**
 * Imports danfojs (once per process) with serlab's tfjs in place of the
 * tfjs 3 it depends on, so the process keeps one tfjs and its kernels.
 *
 * @returns The danfojs module; `tensorflow` on it is serlab's tfjs.
 * @throws {Error} danfojs was imported elsewhere first, with its own tfjs.
 *
 * @example danfojs computes with serlab's tfjs
 * ```ts
 * import { loadDanfo } from "./tables.ts";
 * import * as tf from "@tensorflow/tfjs";
 * import { assertEquals } from "@std/assert";
 *
 * const dfd = await loadDanfo();
 * assertEquals(dfd.tensorflow.version.tfjs, tf.version.tfjs);
 * const df = new dfd.DataFrame({ f1: [0.5, 0.75] }, { index: ["calm", "sad"] });
 * assertEquals(df.column("f1").values, [0.5, 0.75]);
 * ```
 */
export function loadDanfo(): Promise<Danfo> {
  loading ??= importDanfo().catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}

async function importDanfo(): Promise<Danfo> {
  // danfojs is CommonJS: its one `require("@tensorflow/tfjs")` goes through Module._load.
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === TFJS ? tf : load.call(this, request, ...rest);
  };
  let danfo: Danfo;
  try {
    danfo = await import("danfojs");
  } finally {
    loader._load = load;
  }
  const version = (danfo.tensorflow as { version?: { tfjs?: string } }).version?.tfjs;
  if (version !== tf.version.tfjs) {
    throw new Error(
      `Cannot use danfojs as it was imported before loadDanfo() with its own tfjs (a second tfjs in this process): current value is tfjs ${version}; import lib/report/tables.ts before any other import of danfojs`,
    );
  }
  return danfo;
}

/**
 * A run's metrics as DataFrames: by class, by gender, by actor, and for a
 * k-fold run by fold (the other three then show the pooled predictions).
 * Scores are fractions in [0, 1]; an undefined score is `NaN`.
 *
 * @param metrics A run's `metrics.json` (`RunMetrics` or `KFoldMetrics`).
 * @returns The DataFrames, each showing as an HTML table in Jupyter.
 *
 * @example A k-fold run gets a table by fold
 * ```ts
 * import { metricsTables } from "./tables.ts";
 * import { tinyKFold } from "./_testing.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const { byFold, byActor } = await metricsTables(tinyKFold());
 * assertEquals(byFold?.index, ["1", "2"]);
 * assertEquals(byActor.columns, ["gender", "n", "accuracy", "uar", "macroF1"]);
 * ```
 */
export async function metricsTables(metrics: RunMetrics | KFoldMetrics): Promise<MetricsTables> {
  const dfd = await loadDanfo();
  const run = runMetricsOf(metrics);
  const recall = new Map(run.byEmotionGender.map((row) => [row.label, row]));
  const byClass = frame(dfd, run.labels, {
    precision: run.perClass.map((c) => c.precision),
    recall: run.perClass.map((c) => c.recall),
    f1: run.perClass.map((c) => c.f1),
    support: run.perClass.map((c) => c.support),
    maleRecall: run.labels.map((label) => recall.get(label)?.male ?? NaN),
    femaleRecall: run.labels.map((label) => recall.get(label)?.female ?? NaN),
  });
  const genders = ["male", "female"] as const;
  const byGender = frame(dfd, [...genders], {
    n: genders.map((g) => run.byGender[g].n),
    accuracy: genders.map((g) => run.byGender[g].accuracy),
    uar: genders.map((g) => run.byGender[g].uar),
    macroF1: genders.map((g) => run.byGender[g].macroF1),
  });
  const actors = Object.keys(run.byActor).sort();
  const actor = actors.map((key) => run.byActor[key]);
  const byActor = frame(dfd, actors, {
    gender: actor.map((a) => a.gender),
    n: actor.map((a) => a.n),
    accuracy: actor.map((a) => a.accuracy),
    uar: actor.map((a) => a.uar),
    macroF1: actor.map((a) => a.macroF1),
  });
  if (!isKFold(metrics)) return { byClass, byGender, byActor };
  const { folds } = metrics;
  const byFold = frame(dfd, folds.map((_, i) => String(i + 1)), {
    n: folds.map((f) => f.n),
    accuracy: folds.map((f) => f.accuracy),
    macroF1: folds.map((f) => f.macroF1),
    uar: folds.map((f) => f.uar),
    genderGap: folds.map((f) => f.genderGap),
  });
  return { byClass, byGender, byActor, byFold };
}

/**
 * Runs side by side, one row per run: the headline scores with the bounds of
 * their bootstrap intervals (`NaN` where a run has none), male and female
 * accuracy and the gap. A k-fold run is shown by its pooled metrics.
 *
 * @param runs The runs, each with a name (the row index) and its `metrics.json`.
 * @returns A DataFrame with columns n, accuracy, accuracyLow, accuracyHigh,
 *   macroF1, macroF1Low, macroF1High, uar, uarLow, uarHigh, maleAccuracy,
 *   femaleAccuracy, genderGap, genderGapLow, genderGapHigh.
 * @throws {RangeError} `runs` is empty or two runs share a name.
 *
 * @example Two runs compared
 * ```ts
 * import { compareTable } from "./tables.ts";
 * import { tinyKFold, tinyMetrics } from "./_testing.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const table = await compareTable([
 *   { name: "seed", metrics: tinyMetrics() },
 *   { name: "5-fold", metrics: tinyKFold() },
 * ]);
 * assertEquals(table.index, ["seed", "5-fold"]);
 * assertEquals(table.column("n").values, [12, 12]);
 * ```
 */
export async function compareTable(runs: NamedMetrics[]): Promise<DataFrame> {
  if (runs.length === 0) {
    throw new RangeError("Cannot compare runs as runs must not be empty: current length is 0");
  }
  const names = runs.map((r) => r.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) {
    throw new RangeError(
      `Cannot compare runs as their names must be unique: current value ${
        JSON.stringify(twice)
      } appears twice`,
    );
  }
  const dfd = await loadDanfo();
  const pooled = runs.map((r) => runMetricsOf(r.metrics));
  const columns: Record<string, (number | string)[]> = { n: pooled.map((m) => m.n) };
  for (const key of ["accuracy", "macroF1", "uar"] as const) {
    columns[key] = pooled.map((m) => m[key]);
    columns[`${key}Low`] = pooled.map((m) => m.ci?.[key].low ?? NaN);
    columns[`${key}High`] = pooled.map((m) => m.ci?.[key].high ?? NaN);
  }
  columns.maleAccuracy = pooled.map((m) => m.byGender.male.accuracy);
  columns.femaleAccuracy = pooled.map((m) => m.byGender.female.accuracy);
  columns.genderGap = pooled.map((m) => m.genderGap);
  columns.genderGapLow = pooled.map((m) => m.ci?.genderGap.low ?? NaN);
  columns.genderGapHigh = pooled.map((m) => m.ci?.genderGap.high ?? NaN);
  return frame(dfd, names, columns);
}

/** A DataFrame of `columns` over `index`, shown as an HTML table by Deno's Jupyter kernel. */
function frame(
  dfd: Danfo,
  index: string[],
  columns: Record<string, (number | string)[]>,
): DataFrame {
  const df = new dfd.DataFrame(columns, { index });
  Object.defineProperty(df, Symbol.for("Jupyter.display"), {
    value: () => ({ "text/html": tableHtml(index, columns), "text/plain": df.toString() }),
  });
  return df;
}

/** An HTML table: numbers to 4 decimals (counts as integers), `NaN` as "n/a". */
function tableHtml(index: string[], columns: Record<string, (number | string)[]>): string {
  const cell = (value: number | string) =>
    typeof value === "string"
      ? escapeHtml(value)
      : Number.isNaN(value)
      ? "n/a"
      : Number.isInteger(value)
      ? String(value)
      : value.toFixed(4);
  const names = Object.keys(columns);
  const head = `<tr><th></th>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join("")}</tr>`;
  const rows = index.map((label, i) =>
    `<tr><th>${escapeHtml(label)}</th>${
      names.map((n) => `<td style="text-align: right">${cell(columns[n][i])}</td>`).join("")
    }</tr>`
  );
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${rows.join("\n")}\n</tbody>\n</table>`;
}
