import { axis, baseLayout, GENDER_COLORS, percent, runMetricsOf, sortKeys } from "./_format.ts";
import type { Figure, KFoldMetrics, RunMetrics, Trace } from "./_types.ts";

/** Options of {@linkcode perActorFigure}. */
export interface PerActorFigureOptions {
  /** The figure title. @default {"Accuracy by actor"} */
  title?: string;
}

/**
 * Accuracy of each test actor as bars in actor order ("2" before "10"),
 * colored by gender, with a dashed line at the overall accuracy. Hovering a
 * bar shows the clip count and UAR. A K-fold run shows its pooled metrics,
 * where every actor is a test actor once.
 *
 * @param metrics A run's metrics; reads `byActor` and `accuracy`.
 * @param options The title.
 * @returns Two bar traces, male then female, on one category axis.
 *
 * @example Actors in numeric order
 * ```ts
 * import { perActorFigure } from "./per_actor_figure.ts";
 * import { tinyMetrics } from "./_testing.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const figure = perActorFigure(tinyMetrics());
 * const [male, female] = figure.data;
 * assertEquals(male.x, ["1", "10"]);
 * assertEquals(female.y, [75]);
 * assertEquals((figure.layout.xaxis as { categoryarray: string[] }).categoryarray, ["1", "2", "10"]);
 * ```
 */
export function perActorFigure(
  metrics: RunMetrics | KFoldMetrics,
  options: PerActorFigureOptions = {},
): Figure {
  const { title = "Accuracy by actor" } = options;
  const run = runMetricsOf(metrics);
  const actors = sortKeys(Object.keys(run.byActor));
  const bars = (gender: "male" | "female"): Trace => {
    const mine = actors.filter((a) => run.byActor[a].gender === gender);
    return {
      type: "bar",
      name: gender,
      x: mine,
      y: mine.map((a) => percent(run.byActor[a].accuracy)),
      customdata: mine.map((a) => [run.byActor[a].n, percent(run.byActor[a].uar)]),
      marker: { color: GENDER_COLORS[gender] },
      hovertemplate:
        `actor %{x} (${gender}): %{y:.1f}%<br>n = %{customdata[0]}, UAR %{customdata[1]:.1f}%<extra></extra>`,
    };
  };
  const overall = percent(run.accuracy);
  return {
    data: [bars("male"), bars("female")],
    layout: baseLayout(
      overall === null
        ? title
        : `${title}<br><sup>dashed line: all actors ${overall.toFixed(1)}%</sup>`,
      {
        xaxis: axis("Actor", { type: "category", categoryorder: "array", categoryarray: actors }),
        yaxis: axis("Accuracy (%)", { range: [0, 105] }),
        bargap: 0.2,
        shapes: overall === null ? [] : [{
          type: "line",
          xref: "paper",
          x0: 0,
          x1: 1,
          yref: "y",
          y0: overall,
          y1: overall,
          line: { color: "#444444", dash: "dash", width: 1.5 },
        }],
        legend: { orientation: "h", x: 0, y: -0.2 },
        height: 420,
      },
    ),
  };
}
