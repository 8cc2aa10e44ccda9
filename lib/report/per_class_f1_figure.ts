import { axis, baseLayout, percent, runMetricsOf, seriesColor } from "./_format.ts";
import type { Figure, KFoldMetrics, NamedMetrics, RunMetrics, Trace } from "./_types.ts";

/** Options of {@linkcode perClassF1Figure}. */
export interface PerClassF1FigureOptions {
  /** The figure title. @default {"F1 by class"} */
  title?: string;
}

/**
 * F1 of each class as bars, in percent. One run gives one bar per class and a
 * dashed line at its macro-F1; several named runs give grouped bars, one
 * color per run, over the union of their classes (a class a run lacks is a
 * gap). Hovering a bar shows precision, recall and support. A K-fold run
 * shows its pooled metrics.
 *
 * @param runs One run's metrics, or several runs' metrics under their names.
 * @param options The title.
 * @returns One bar trace per run.
 * @throws {RangeError} An empty list of runs.
 *
 * @example Two runs side by side
 * ```ts
 * import { perClassF1Figure } from "./per_class_f1_figure.ts";
 * import { tinyMetrics } from "./_testing.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const figure = perClassF1Figure([
 *   { name: "baseline", metrics: tinyMetrics() },
 *   { name: "augmented", metrics: tinyMetrics() },
 * ]);
 * assertEquals(figure.data.map((trace) => trace.name), ["baseline", "augmented"]);
 * assertEquals(figure.data[0].x, ["neutral", "happy", "sad"]);
 * assertEquals(figure.layout.barmode, "group");
 * ```
 */
export function perClassF1Figure(
  runs: RunMetrics | KFoldMetrics | NamedMetrics[],
  options: PerClassF1FigureOptions = {},
): Figure {
  const { title = "F1 by class" } = options;
  const single = !Array.isArray(runs);
  const named: NamedMetrics[] = single ? [{ name: "F1", metrics: runs }] : runs;
  if (named.length === 0) {
    throw new RangeError("Cannot plot F1 by class as runs must not be empty: current length is 0");
  }
  const labels: string[] = [];
  for (const { metrics } of named) {
    for (const c of runMetricsOf(metrics).perClass) {
      if (!labels.includes(c.label)) labels.push(c.label);
    }
  }
  const data: Trace[] = named.map(({ name, metrics }, i) => {
    const byLabel = new Map(runMetricsOf(metrics).perClass.map((c) => [c.label, c]));
    const classes = labels.map((label) => byLabel.get(label));
    const f1 = classes.map((c) => (c ? percent(c.f1) : null));
    return {
      type: "bar",
      name,
      x: labels,
      y: f1,
      customdata: classes.map((c) =>
        c ? [percent(c.precision), percent(c.recall), c.support] : null
      ),
      marker: { color: seriesColor(i) },
      text: single ? f1.map((v) => (v === null ? "" : v.toFixed(0))) : undefined,
      textposition: single ? "outside" : undefined,
      hovertemplate: `${single ? "" : `${name}, `}%{x}: F1 %{y:.1f}%<br>` +
        "precision %{customdata[0]:.1f}%, recall %{customdata[1]:.1f}%, support %{customdata[2]}" +
        "<extra></extra>",
    };
  });
  const macro = single ? runMetricsOf(named[0].metrics).macroF1 : NaN;
  return {
    data,
    layout: baseLayout(
      Number.isFinite(macro)
        ? `${title}<br><sup>dashed line: macro-F1 ${(100 * macro).toFixed(1)}%</sup>`
        : title,
      {
        barmode: "group",
        showlegend: !single,
        xaxis: axis("Class", { type: "category" }),
        yaxis: axis("F1 (%)", { range: [0, 105] }),
        shapes: Number.isFinite(macro)
          ? [{
            type: "line",
            xref: "paper",
            x0: 0,
            x1: 1,
            yref: "y",
            y0: 100 * macro,
            y1: 100 * macro,
            line: { color: "#444444", dash: "dash", width: 1.5 },
          }]
          : [],
        legend: { orientation: "h", x: 0, y: -0.2 },
        height: 450,
      },
    ),
  };
}
