import { compareRuns, comparisonSentence } from "./_ci_comparison.ts";
import { formatPercent, runMetricsOf } from "./_format.ts";
import { escapeHtml, htmlTable } from "./_html.ts";
import { ciName, HEADLINE, valueWithInterval } from "./_tables.ts";
import type { Figure, NamedMetrics, PairedComparison } from "./_types.ts";
import { confusionMatrixFigure } from "./confusion_matrix_figure.ts";
import { genderGapComparisonFigure } from "./gender_gap_comparison_figure.ts";
import { perClassF1Figure } from "./per_class_f1_figure.ts";
import { toHtml, type ToHtmlOptions } from "./to_html.ts";

/** Options of {@linkcode comparisonReportHtml}: those of {@linkcode toHtml}. */
export interface ComparisonReportHtmlOptions extends ToHtmlOptions {
  /** The page title. @default {"Run comparison"} */
  title?: string;
  /** HTML placed after the tables and sentences, before the figures; not escaped. @default {""} */
  headerHtml?: string;
  /**
   * Differences of pairs of runs measured on the same test clips (paired
   * bootstrap, `lib/eval`'s `pairedDifferences`); those pairs are judged by
   * the interval of their difference instead of by overlap. @default {[]}
   */
  paired?: readonly PairedComparison[];
}

/**
 * A page comparing runs: their metrics with confidence intervals side by
 * side, one sentence per metric saying for each pair of runs whether the
 * difference exceeds the intervals ("differs": the intervals do not overlap;
 * "within CI": they do; "no CI": a run has none), then per-class F1 as
 * grouped bars and each run's confusion matrix (row %). K-fold runs are
 * compared on their pooled metrics.
 *
 * @param runs The runs under unique names, in column order.
 * @param options Title, extra header, plotly placement and div id prefix, as in {@linkcode toHtml}.
 * @returns The page.
 * @throws {RangeError} No run, or two runs with the same name.
 *
 * @example Disjoint CIs differ
 * ```ts
 * import { comparisonReportHtml } from "./comparison_report_html.ts";
 * import { tinyMetrics } from "./_testing.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const html = comparisonReportHtml([
 *   { name: "baseline", metrics: tinyMetrics() },
 *   { name: "augmented", metrics: tinyMetrics({ shift: 0.15 }) },
 * ], { plotly: "none" });
 * assertStringIncludes(html, "Accuracy: baseline vs augmented +15.0 pp, differs.");
 * assertStringIncludes(html, "Gender gap (male − female accuracy): baseline vs augmented 0.0 pp, within CI.");
 * ```
 */
export function comparisonReportHtml(
  runs: NamedMetrics[],
  options: ComparisonReportHtmlOptions = {},
): string {
  const { title = "Run comparison", headerHtml = "", paired = [], ...rest } = options;
  if (runs.length === 0) {
    throw new RangeError("Cannot compare runs as runs must not be empty: current length is 0");
  }
  const names = runs.map((r) => r.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new RangeError(
      `Cannot compare runs as their names must be unique: current value ${
        JSON.stringify(duplicate)
      } appears twice`,
    );
  }
  const pooled = runs.map(({ name, metrics }) => ({ name, metrics: runMetricsOf(metrics) }));
  const num = (text: string) => `<span class="num">${escapeHtml(text)}</span>`;
  const rows: string[][] = [
    ["Test clips (n)", ...pooled.map(({ metrics }) => num(String(metrics.n)))],
    ...HEADLINE.filter((m) => m.key !== "genderGap").map((m) => [
      m.title,
      ...pooled.map(({ metrics }) =>
        num(valueWithInterval(metrics[m.key], metrics.ci?.[m.key], false))
      ),
    ]),
    [
      "Male accuracy",
      ...pooled.map(({ metrics }) => num(formatPercent(metrics.byGender.male.accuracy))),
    ],
    [
      "Female accuracy",
      ...pooled.map(({ metrics }) => num(formatPercent(metrics.byGender.female.accuracy))),
    ],
    [
      "Gap (male − female)",
      ...pooled.map(({ metrics }) =>
        num(valueWithInterval(metrics.genderGap, metrics.ci?.genderGap, true))
      ),
    ],
  ];
  const levels = [...new Set(pooled.map(({ metrics }) => ciName(metrics)))];
  const table = htmlTable(["Metric", ...names.map(escapeHtml)], rows, {
    caption: escapeHtml(
      `Value [interval]: ${levels.join(", ")}, by bootstrap over each run's test clips.`,
    ),
  });
  const sentences = HEADLINE.map((m) =>
    comparisonSentence(m.title, compareRuns(pooled, m.key, paired))
  );
  const header = [
    "<h2>Metrics</h2>",
    table,
    "<h2>Differences</h2>",
    `<ul class="serlab-comparisons">\n${
      sentences.map((s) => `<li>${escapeHtml(s)}</li>`).join("\n")
    }\n</ul>`,
    `<p class="serlab-note">Differences are the second run minus the first, in percentage points. ` +
    `Where an interval of the difference is given ("paired"), both runs predicted the same test clips ` +
    `and one bootstrap resampled those clips for both: "differs" when that interval excludes 0. ` +
    `Otherwise "differs": the two runs' confidence intervals do not overlap (a conservative check); ` +
    `"within CI": they overlap, so the difference is not shown to exceed sampling noise; ` +
    `"no CI": a run has no interval.</p>`,
    headerHtml,
    "<h2>Figures</h2>",
  ].filter((part) => part !== "").join("\n");

  return toHtml(comparisonFigures(runs), { ...rest, title, headerHtml: header });
}

/**
 * The figures of a comparison, by name: each run's male and female accuracy
 * with its gender gap, per-class F1 grouped by run, and each run's
 * row-normalised confusion matrix (`confusion-1`, `confusion-2`, …).
 *
 * @param runs Runs under their names.
 * @returns The figures, in page order.
 *
 * @example
 * ```ts
 * import { comparisonFigures } from "./comparison_report_html.ts";
 * import { tinyMetrics } from "./_testing.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const figures = comparisonFigures([
 *   { name: "a", metrics: tinyMetrics() },
 *   { name: "b", metrics: tinyMetrics() },
 * ]);
 * assertEquals(Object.keys(figures), ["genderGap", "perClassF1", "confusion-1", "confusion-2"]);
 * ```
 */
export function comparisonFigures(runs: NamedMetrics[]): Record<string, Figure> {
  const figures: Record<string, Figure> = {
    genderGap: genderGapComparisonFigure(runs),
    perClassF1: perClassF1Figure(runs),
  };
  runs.forEach(({ name, metrics }, i) => {
    figures[`confusion-${i + 1}`] = confusionMatrixFigure(metrics, {
      normalize: true,
      title: `Confusion matrix: ${name} (% of true class)`,
    });
  });
  return figures;
}
