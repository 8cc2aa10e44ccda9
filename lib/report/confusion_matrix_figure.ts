import { axis, baseLayout, runMetricsOf } from "./_format.ts";
import type { Annotation, Figure, KFoldMetrics, RunMetrics } from "./_types.ts";

/** ColorBrewer "Blues", light for few clips to dark for many (plotly's named "Blues" runs the other way). */
const BLUES = [
  [0, "#f7fbff"],
  [0.125, "#deebf7"],
  [0.25, "#c6dbef"],
  [0.375, "#9ecae1"],
  [0.5, "#6baed6"],
  [0.625, "#4292c6"],
  [0.75, "#2171b5"],
  [0.875, "#08519c"],
  [1, "#08306b"],
];

/** Options of {@linkcode confusionMatrixFigure}. */
export interface ConfusionMatrixFigureOptions {
  /**
   * Show each row as percentages of its true class (`confusionNormalized`),
   * rather than counts (`confusion`).
   *
   * @default {false}
   */
  normalize?: boolean;
  /** The figure title. @default {"Confusion matrix (counts)" or "Confusion matrix (% of true class)"} */
  title?: string;
}

/**
 * A confusion-matrix heatmap: true class on y (first label at the top),
 * predicted class on x, each cell annotated with its count or its percentage
 * of the row. A K-fold run shows its pooled matrix.
 *
 * @param metrics A run's metrics; reads `labels`, `confusion` and `confusionNormalized`.
 * @param options Counts or row percentages, and the title.
 * @returns A heatmap figure with one annotation per cell (`labels.length²`).
 * @throws {RangeError} A matrix is not `labels.length × labels.length`.
 *
 * @example Row percentages of a 3-class run
 * ```ts
 * import { confusionMatrixFigure } from "./confusion_matrix_figure.ts";
 * import { tinyMetrics } from "./_testing.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const figure = confusionMatrixFigure(tinyMetrics(), { normalize: true });
 * assertEquals(figure.data[0].type, "heatmap");
 * assertEquals(figure.data[0].y, ["neutral", "happy", "sad"]);
 * assertEquals(figure.layout.annotations?.[0].text, "75%"); // 3 of 4 neutral clips
 * ```
 */
export function confusionMatrixFigure(
  metrics: RunMetrics | KFoldMetrics,
  options: ConfusionMatrixFigureOptions = {},
): Figure {
  const {
    normalize = false,
    title = normalize ? "Confusion matrix (% of true class)" : "Confusion matrix (counts)",
  } = options;
  const run = runMetricsOf(metrics);
  const labels = run.labels;
  const counts = checkSquare(run.confusion, labels.length, "confusion");
  const matrix = normalize
    ? checkSquare(run.confusionNormalized, labels.length, "confusionNormalized")
      .map((row) => row.map((v) => (Number.isFinite(v) ? 100 * v : null)))
    : counts.map((row) => row.map((v) => (Number.isFinite(v) ? v : null)));
  const finite = matrix.flat().filter((v): v is number => v !== null);
  const top = normalize ? 100 : Math.max(1, ...finite);

  const annotations: Annotation[] = [];
  matrix.forEach((row, i) =>
    row.forEach((value, j) => {
      annotations.push({
        x: labels[j],
        y: labels[i],
        xref: "x",
        yref: "y",
        text: value === null ? "–" : normalize ? `${Math.round(value)}%` : String(value),
        showarrow: false,
        font: { color: value !== null && value / top > 0.55 ? "#ffffff" : "#1a1a1a", size: 12 },
      });
    })
  );

  return {
    data: [{
      type: "heatmap",
      x: labels,
      y: labels,
      z: matrix,
      customdata: counts,
      zmin: 0,
      zmax: top,
      colorscale: BLUES,
      colorbar: { title: { text: normalize ? "%" : "clips" }, thickness: 14 },
      hovertemplate: normalize
        ? "true %{y}, predicted %{x}<br>%{z:.1f}% of true %{y} (%{customdata} clips)<extra></extra>"
        : "true %{y}, predicted %{x}<br>%{z} clips<extra></extra>",
      xgap: 1,
      ygap: 1,
    }],
    layout: baseLayout(title, {
      xaxis: axis("Predicted", { type: "category", side: "bottom", tickangle: -30 }),
      yaxis: axis("True", {
        type: "category",
        autorange: "reversed",
        scaleanchor: "x",
        constrain: "domain",
      }),
      annotations,
      height: 560,
    }),
  };
}

function checkSquare(matrix: number[][], size: number, name: string): number[][] {
  const rows = matrix.length;
  const bad = matrix.find((row) => row.length !== size);
  if (rows !== size || bad !== undefined) {
    const cols = bad?.length ?? matrix[0]?.length ?? 0;
    throw new RangeError(
      `Cannot plot confusion matrix as ${name} must be labels.length × labels.length (${size} × ${size}): current shape is ${rows} × ${cols}`,
    );
  }
  return matrix;
}
