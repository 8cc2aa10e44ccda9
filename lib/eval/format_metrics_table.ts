import type { Interval, RunMetrics } from "./types.ts";

/** Options of {@linkcode formatMetricsTable}. */
export interface FormatMetricsTableOptions {
  /** Digits after the decimal point. @default {4} */
  digits?: number;
}

/**
 * A short plain-text summary of a run for terminals: accuracy, macro-F1, UAR
 * and the gender gap with their intervals (when the metrics have them), then
 * the same scores per gender. Undefined values print as `n/a`.
 *
 * @param metrics What `evaluatePredictions` returned.
 * @param options Number formatting.
 * @returns Lines joined by `\n`, without a final line break.
 * @throws {RangeError} `digits` is not an integer in [0, 10].
 *
 * @example Without intervals
 * ```ts
 * import { evaluatePredictions } from "./evaluate_predictions.ts";
 * import { formatMetricsTable } from "./format_metrics_table.ts";
 * import type { PredictionRecord } from "./types.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const record = (gender: "male" | "female", predicted: "sad" | "calm"): PredictionRecord => ({
 *   file: "x.wav",
 *   actor: gender === "male" ? 1 : 2,
 *   gender,
 *   emotion: "sad",
 *   intensity: "normal",
 *   statement: 1,
 *   predicted,
 *   probabilities: [],
 * });
 * const metrics = evaluatePredictions(
 *   [record("male", "sad"), record("female", "calm")],
 *   { bootstrap: false },
 * );
 * assertEquals(formatMetricsTable(metrics, { digits: 2 }).split("\n"), [
 *   "n = 2 predictions",
 *   "metric      value",
 *   "accuracy     0.50",
 *   "macro-F1     0.08",
 *   "UAR          0.50",
 *   "gap (m-f)   +1.00",
 *   "",
 *   "gender    n  accuracy   UAR  macro-F1",
 *   "male      1      1.00  1.00      1.00",
 *   "female    1      0.00  0.00      0.00",
 * ]);
 * ```
 */
export function formatMetricsTable(
  metrics: RunMetrics,
  options: FormatMetricsTableOptions = {},
): string {
  const { digits = 4 } = options;
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 10)) {
    throw new RangeError(
      `Cannot format metrics table as digits must be an integer in [0, 10]: current value is ${digits}`,
    );
  }
  const number = (x: number, sign = false) =>
    Number.isNaN(x) ? "n/a" : (sign && x >= 0 ? "+" : "") + x.toFixed(digits);
  const { ci } = metrics;
  const interval = (i: Interval, sign = false) =>
    `[${number(i.low, sign)}, ${number(i.high, sign)}]`;
  const rows: [string, string, string?][] = [
    ["accuracy", number(metrics.accuracy), ci && interval(ci.accuracy)],
    ["macro-F1", number(metrics.macroF1), ci && interval(ci.macroF1)],
    ["UAR", number(metrics.uar), ci && interval(ci.uar)],
    ["gap (m-f)", number(metrics.genderGap, true), ci && interval(ci.genderGap, true)],
  ];
  const valueWidth = Math.max(5, ...rows.map((row) => row[1].length));
  const level = ci ? `${Math.round(ci.settings.confidence * 1000) / 10}% CI` : "";
  const lines = [
    `n = ${metrics.n} predictions` +
    (ci
      ? `; ${level}: percentile bootstrap, ${ci.settings.resamples} resamples, seed ${ci.settings.seed}`
      : ""),
    ["metric    ", "value".padStart(valueWidth), ...(ci ? [level] : [])].join("  "),
    ...rows.map(([name, value, range]) =>
      [name.padEnd(10), value.padStart(valueWidth), ...(range ? [range] : [])].join("  ")
    ),
    "",
  ];
  const header = ["gender", "n", "accuracy", "UAR", "macro-F1"];
  const table = (["male", "female"] as const).map((gender) => {
    const g = metrics.byGender[gender];
    return [gender, String(g.n), number(g.accuracy), number(g.uar), number(g.macroF1)];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
  const format = (row: string[]) =>
    row.map((cell, c) => c === 0 ? cell.padEnd(widths[c] + 2) : cell.padStart(widths[c])).join("  ")
      .trimEnd();
  lines.push(format(header), ...table.map(format));
  return lines.join("\n");
}
