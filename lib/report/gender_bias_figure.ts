import {
  axis,
  baseLayout,
  formatInterval,
  formatPoints,
  GENDER_COLORS,
  percent,
  runMetricsOf,
} from "./_format.ts";
import type { Figure, KFoldMetrics, RunMetrics, Trace } from "./_types.ts";

/** Options of {@linkcode genderBiasFigure}. */
export interface GenderBiasFigureOptions {
  /** The figure title. @default {"Accuracy by emotion and gender"} */
  title?: string;
}

/**
 * Accuracy of each emotion for male and female speakers as grouped bars, an
 * "all" group with each gender's overall accuracy, and beside them the overall
 * gap (male − female, in percentage points) with its confidence interval as
 * an error bar when `metrics.ci` holds one. A K-fold run shows its pooled
 * metrics.
 *
 * @param metrics A run's metrics; reads `byEmotionGender`, `byGender`, `genderGap` and `ci`.
 * @param options The title.
 * @returns Three bar traces: male and female on the left axes (x, y), the gap on the right (x2, y2).
 *
 * @example A gap of +10 points with its 95 % CI
 * ```ts
 * import { genderBiasFigure } from "./gender_bias_figure.ts";
 * import { tinyMetrics } from "./_testing.ts";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 *
 * const figure = genderBiasFigure(tinyMetrics());
 * const [male, female, gap] = figure.data;
 * assertEquals(male.x, ["neutral", "happy", "sad", "all"]);
 * assertEquals(female.y?.slice(0, 3), [50, 100, 100]);
 * assertAlmostEquals(gap.y?.[0] as number, 10);
 * assertEquals((gap.error_y as { visible: boolean }).visible, true);
 * ```
 */
export function genderBiasFigure(
  metrics: RunMetrics | KFoldMetrics,
  options: GenderBiasFigureOptions = {},
): Figure {
  const { title = "Accuracy by emotion and gender" } = options;
  const run = runMetricsOf(metrics);
  const groups = [...run.byEmotionGender.map((e) => e.label), "all"];
  const bars = (gender: "male" | "female"): Trace => {
    const values = [
      ...run.byEmotionGender.map((e) => e[gender]),
      run.byGender[gender].accuracy,
    ];
    const counts = [
      ...run.byEmotionGender.map((e) => gender === "male" ? e.nMale : e.nFemale),
      run.byGender[gender].n,
    ];
    return {
      type: "bar",
      name: gender,
      x: groups,
      y: values.map(percent),
      customdata: counts,
      marker: { color: GENDER_COLORS[gender] },
      hovertemplate: `%{x}, ${gender}: %{y:.1f}% (n = %{customdata})<extra></extra>`,
      xaxis: "x",
      yaxis: "y",
    };
  };

  const ci = run.ci?.genderGap;
  const gapPoints = percent(run.genderGap);
  const gap: Trace = {
    type: "bar",
    name: "gap",
    showlegend: false,
    x: ["male − female"],
    y: [gapPoints],
    marker: { color: "#666666" },
    hovertemplate: ci
      ? `gap %{y:.1f} pp, ${Math.round(100 * run.ci!.settings.confidence)}% CI ${
        formatInterval(ci)
      }<extra></extra>`
      : "gap %{y:.1f} pp<extra></extra>",
    xaxis: "x2",
    yaxis: "y2",
    error_y: ci && gapPoints !== null
      ? {
        type: "data",
        symmetric: false,
        array: [Math.max(0, 100 * ci.high - gapPoints)],
        arrayminus: [Math.max(0, gapPoints - 100 * ci.low)],
        visible: true,
        color: "#222222",
        thickness: 1.5,
        width: 8,
      }
      : { visible: false },
  };

  const subtitle = `gap ${formatPoints(run.genderGap)}` +
    (ci ? ` ${formatInterval(ci)} (${Math.round(100 * run.ci!.settings.confidence)}% CI)` : "");
  return {
    data: [bars("male"), bars("female"), gap],
    layout: baseLayout(`${title}<br><sup>${subtitle}</sup>`, {
      barmode: "group",
      bargap: 0.25,
      xaxis: axis("Emotion", { domain: [0, 0.8], type: "category" }),
      yaxis: axis("Accuracy (%)", { range: [0, 105] }),
      xaxis2: axis("", { domain: [0.88, 1], anchor: "y2", type: "category" }),
      yaxis2: axis("Gap (pp)", { anchor: "x2", zeroline: true, zerolinecolor: "#444444" }),
      legend: { orientation: "h", x: 0, y: -0.2 },
      height: 480,
      margin: { l: 70, r: 30, t: 80, b: 90 },
    }),
  };
}
