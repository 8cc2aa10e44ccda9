import { axis, baseLayout, seriesColor } from "./_format.ts";
import type { Figure, Trace } from "./_types.ts";

/** Values under a name, e.g. the durations of one gender's clips. */
export interface NamedValues {
  /** The legend entry. */
  name: string;
  /** The values; non-finite ones are left out. */
  values: ArrayLike<number>;
}

/** Options of {@linkcode histogramFigure}. */
export interface HistogramFigureOptions {
  /** The figure title. @default {"Histogram"} */
  title?: string;
  /** The x axis title (what the values are, with their unit). @default {"Value"} */
  xTitle?: string;
  /** The y axis title (what is counted). @default {"Count"} */
  yTitle?: string;
  /** Width of a bin, > 0; `null` makes `bins` bins over the range of all values. @default {null} */
  binSize?: number | null;
  /** Bins when `binSize` is `null`, an integer ≥ 1. @default {30} */
  bins?: number;
  /** Height in pixels. @default {380} */
  height?: number;
}

/**
 * A histogram of one or several sets of values on shared bins, drawn as
 * overlaid semi-transparent bars (one color per set). The bins are computed
 * here, not by plotly, so the figure states its counts: bin i covers
 * [start + i·size, start + (i+1)·size), the last one closed.
 *
 * @param values One set of values, or several under names.
 * @param options Titles, bins and height.
 * @returns One bar trace per set: bin centres in `x`, counts in `y`, bin edges in `customdata`.
 * @throws {RangeError} No set, no finite value at all, a bin size that is not > 0, or a bin count that is not an integer ≥ 1.
 *
 * @example Bins of 0.5 s
 * ```ts
 * import { histogramFigure } from "./histogram_figure.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const figure = histogramFigure([3.2, 3.4, 3.6, 4.1], { binSize: 0.5, xTitle: "Duration (s)" });
 * assertEquals(figure.data[0].x, [3.25, 3.75, 4.25]);
 * assertEquals(figure.data[0].y, [2, 1, 1]);
 * ```
 */
export function histogramFigure(
  values: ArrayLike<number> | NamedValues[],
  options: HistogramFigureOptions = {},
): Figure {
  const {
    title = "Histogram",
    xTitle = "Value",
    yTitle = "Count",
    binSize = null,
    bins = 30,
    height = 380,
  } = options;
  const named: NamedValues[] = isNamed(values)
    ? values
    : [{ name: "", values: values as ArrayLike<number> }];
  if (named.length === 0) {
    throw new RangeError("Cannot plot histogram as values must not be empty: current length is 0");
  }
  if (binSize !== null && !(binSize > 0)) {
    throw new RangeError(
      `Cannot plot histogram as binSize must be > 0: current value is ${binSize}`,
    );
  }
  if (!(Number.isInteger(bins) && bins >= 1)) {
    throw new RangeError(
      `Cannot plot histogram as bins must be an integer >= 1: current value is ${bins}`,
    );
  }
  const finite = named.map(({ values }) => Array.from(values).filter(Number.isFinite));
  let low = Infinity, high = -Infinity;
  for (const set of finite) {
    for (const v of set) {
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  if (low > high) {
    throw new RangeError("Cannot plot histogram as no value is finite: current count is 0");
  }
  const size = binSize ?? ((high - low) / bins || 1);
  const start = binSize === null ? low : Math.floor(low / size) * size;
  const count = Math.max(1, Math.ceil((high - start) / size - 1e-9));
  const edges = (i: number) => round(start + i * size);
  const data: Trace[] = named.map(({ name }, k) => {
    const counts = new Array<number>(count).fill(0);
    for (const v of finite[k]) counts[Math.min(Math.floor((v - start) / size), count - 1)]++;
    return {
      type: "bar",
      name,
      x: counts.map((_, i) => round(start + (i + 0.5) * size)),
      y: counts,
      width: size,
      customdata: counts.map((_, i) => [edges(i), edges(i + 1)]),
      marker: { color: seriesColor(k), opacity: named.length > 1 ? 0.55 : 0.85 },
      hovertemplate: `${name === "" ? "" : `${name}: `}[%{customdata[0]}, %{customdata[1]}): %{y}` +
        "<extra></extra>",
    };
  });
  return {
    data,
    layout: baseLayout(title, {
      barmode: "overlay",
      bargap: 0,
      showlegend: named.length > 1,
      xaxis: axis(xTitle),
      yaxis: axis(yTitle),
      // Above the plot, right: below it the legend would sit on the x axis title.
      legend: { orientation: "h", x: 1, xanchor: "right", y: 1.02, yanchor: "bottom" },
      height,
    }),
  };
}

/** A list of named sets (or an empty list), not a plain array of numbers. */
function isNamed(values: ArrayLike<number> | NamedValues[]): values is NamedValues[] {
  return Array.isArray(values) && (values.length === 0 || typeof values[0] === "object");
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6 + 0;
}
