/**
 * The gender gap of several runs side by side: the question the seed's
 * pitch-by-gender augmentation is about, asked of an ablation.
 *
 * @module
 */
import {
  axis,
  baseLayout,
  formatInterval,
  GENDER_COLORS,
  percent,
  runMetricsOf,
} from "./_format.ts";
import type { Figure, NamedMetrics, Trace } from "./_types.ts";

/** Options of {@linkcode genderGapComparisonFigure}. */
export interface GenderGapComparisonFigureOptions {
  /** The figure title. @default {"Accuracy by gender, and the gap"} */
  title?: string;
}

/**
 * Male and female accuracy of each run as grouped bars (left), and each
 * run's male − female gap in points with its bootstrap interval as an error
 * bar (right), so that one sees at a glance whether the intervals of two
 * runs overlap. A K-fold run shows its pooled metrics; a run without
 * intervals shows its gap without an error bar.
 *
 * @param runs Several runs' metrics under their names.
 * @param options The title.
 * @returns Two bar traces (male, female) over the runs, and one gap trace.
 * @throws {RangeError} An empty list of runs.
 *
 * @example
 * ```ts
 * import { genderGapComparisonFigure } from "./gender_gap_comparison_figure.ts";
 * import { tinyMetrics } from "./_testing.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const figure = genderGapComparisonFigure([
 *   { name: "3x", metrics: tinyMetrics() },
 *   { name: "no pitch", metrics: tinyMetrics({ ci: false }) },
 * ]);
 * assertEquals(figure.data.map((trace) => trace.name), ["male", "female", "gap"]);
 * assertEquals(figure.data[2].x, ["3x", "no pitch"]);
 * ```
 */
export function genderGapComparisonFigure(
  runs: NamedMetrics[],
  options: GenderGapComparisonFigureOptions = {},
): Figure {
  const { title = "Accuracy by gender, and the gap" } = options;
  if (runs.length === 0) {
    throw new RangeError(
      "Cannot plot the gender gaps as runs must not be empty: current length is 0",
    );
  }
  const names = runs.map((r) => r.name);
  const metrics = runs.map((r) => runMetricsOf(r.metrics));
  const bars = (gender: "male" | "female"): Trace => ({
    type: "bar",
    name: gender,
    x: names,
    y: metrics.map((m) => percent(m.byGender[gender].accuracy)),
    customdata: metrics.map((m) => m.byGender[gender].n),
    marker: { color: GENDER_COLORS[gender] },
    hovertemplate: `%{x}, ${gender}: %{y:.1f}% (n = %{customdata})<extra></extra>`,
    xaxis: "x",
    yaxis: "y",
  });
  const gaps = metrics.map((m) => percent(m.genderGap));
  const intervals = metrics.map((m) => m.ci?.genderGap);
  const gap: Trace = {
    type: "bar",
    name: "gap",
    showlegend: false,
    x: names,
    y: gaps,
    customdata: intervals.map((ci) => (ci ? formatInterval(ci) : "no CI")),
    marker: { color: "#666666" },
    hovertemplate: "%{x}: gap %{y:.1f} pp, 95% CI %{customdata}<extra></extra>",
    xaxis: "x2",
    yaxis: "y2",
    error_y: {
      type: "data",
      symmetric: false,
      array: intervals.map((ci, i) =>
        ci && gaps[i] !== null ? Math.max(0, 100 * ci.high - gaps[i]!) : 0
      ),
      arrayminus: intervals.map((ci, i) =>
        ci && gaps[i] !== null ? Math.max(0, gaps[i]! - 100 * ci.low) : 0
      ),
      visible: intervals.some((ci) => ci !== undefined),
      color: "#222222",
      thickness: 1.5,
      width: 8,
    },
  };
  return {
    data: [bars("male"), bars("female"), gap],
    layout: baseLayout(`${title}<br><sup>error bars: 95% bootstrap CI of the gap</sup>`, {
      barmode: "group",
      bargap: 0.3,
      xaxis: axis("Run", { domain: [0, 0.55], type: "category" }),
      yaxis: axis("Accuracy (%)", { range: [0, 105] }),
      xaxis2: axis("Run", { domain: [0.68, 1], anchor: "y2", type: "category" }),
      yaxis2: axis("Male − female gap (pp)", {
        anchor: "x2",
        zeroline: true,
        zerolinecolor: "#444444",
      }),
      legend: { orientation: "h", x: 0, y: -0.2 },
      height: 480,
      margin: { l: 70, r: 30, t: 80, b: 90 },
    }),
  };
}
