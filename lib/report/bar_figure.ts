import { axis, baseLayout, seriesColor } from "./_format.ts";
import type { Figure, Trace } from "./_types.ts";

/** Values by category under a name: one color of bars. */
export interface BarSeries {
  /** The legend entry. */
  name: string;
  /** The value of each category; a category absent here is a gap. */
  values: Record<string, number>;
  /** The bars' color. @default {the series' place in the Okabe–Ito palette} */
  color?: string;
}

/** Options of {@linkcode barFigure}. */
export interface BarFigureOptions {
  /** The figure title. @default {""} */
  title?: string;
  /** The x axis title. @default {""} */
  xTitle?: string;
  /** The y axis title. @default {"Count"} */
  yTitle?: string;
  /** The categories, in order. @default {the union of the series' keys, in order of appearance} */
  categories?: string[];
  /** Several series side by side or stacked. @default {"group"} */
  barmode?: "group" | "stack";
  /** Decimals of the value printed on each bar; `null` prints none. @default {0} */
  digits?: number | null;
  /** Height in pixels. @default {380} */
  height?: number;
}

/**
 * Bars of values by category: one series (e.g. clips per emotion), or
 * several grouped or stacked (clips per emotion and gender, median f0 before
 * and after a shift). Each bar is labelled with its value.
 *
 * @param series Values by category, or several series under names.
 * @param options Titles, category order, grouping, label decimals and height.
 * @returns One bar trace per series.
 * @throws {RangeError} No series.
 *
 * @example Clips per emotion, stacked by gender
 * ```ts
 * import { barFigure } from "./bar_figure.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const figure = barFigure([
 *   { name: "male", values: { neutral: 4, calm: 8 } },
 *   { name: "female", values: { calm: 8, neutral: 4 } },
 * ], { barmode: "stack", title: "Clips" });
 * assertEquals(figure.data.map((t) => [t.name, t.x, t.y]), [
 *   ["male", ["neutral", "calm"], [4, 8]],
 *   ["female", ["neutral", "calm"], [4, 8]],
 * ]);
 * ```
 */
export function barFigure(
  series: Record<string, number> | BarSeries[],
  options: BarFigureOptions = {},
): Figure {
  const {
    title = "",
    xTitle = "",
    yTitle = "Count",
    categories,
    barmode = "group",
    digits = 0,
    height = 380,
  } = options;
  const single = !Array.isArray(series);
  const named: BarSeries[] = single ? [{ name: "", values: series }] : series;
  if (named.length === 0) {
    throw new RangeError("Cannot plot bars as series must not be empty: current length is 0");
  }
  const order = categories ?? [...new Set(named.flatMap((s) => Object.keys(s.values)))];
  const data: Trace[] = named.map(({ name, values, color }, i) => {
    const y = order.map((c) => (Number.isFinite(values[c]) ? values[c] : null));
    return {
      type: "bar",
      name,
      x: order,
      y,
      marker: { color: color ?? seriesColor(i) },
      text: digits === null ? undefined : y.map((v) => (v === null ? "" : v.toFixed(digits))),
      textposition: digits === null ? undefined : barmode === "stack" ? "inside" : "outside",
      hovertemplate: `${name === "" ? "" : `${name}, `}%{x}: %{y}<extra></extra>`,
    };
  });
  return {
    data,
    layout: baseLayout(title, {
      barmode,
      showlegend: !single,
      xaxis: axis(xTitle, { type: "category" }),
      yaxis: axis(yTitle, { rangemode: "tozero" }),
      legend: { orientation: "h", x: 0, y: -0.2 },
      height,
    }),
  };
}
