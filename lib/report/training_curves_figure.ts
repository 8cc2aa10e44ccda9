import { axis, baseLayout, percent, seriesColor } from "./_format.ts";
import type { Annotation, EpochLog, Figure, Trace } from "./_types.ts";

/** Options of {@linkcode trainingCurvesFigure}. */
export interface TrainingCurvesFigureOptions {
  /** The figure title. @default {"Training curves"} */
  title?: string;
  /** The name of each history in the legend. @default {["fold 1", "fold 2", ...]} */
  names?: string[];
}

const ROWS = [
  { key: "loss", title: "Loss", domain: [0.7, 1] },
  { key: "accuracy", title: "Accuracy (%)", domain: [0.36, 0.64] },
  { key: "lr", title: "Learning rate", domain: [0, 0.28] },
] as const;

/**
 * Training curves in three stacked panels sharing the epoch axis: loss and
 * validation loss, accuracy and validation accuracy (in %), and the learning
 * rate on a log axis. With one history, training is blue and validation
 * orange; with several (one per fold), each fold gets its own color and one
 * legend entry, training solid and validation dashed.
 *
 * @param histories One epoch log per fold (one for a single run), as in `history.json`.
 * @param options The title and the legend names.
 * @returns 5 line traces per history (loss, val loss, accuracy, val accuracy, lr).
 * @throws {RangeError} `histories` is empty, or `names` has another length.
 *
 * @example Two folds
 * ```ts
 * import { trainingCurvesFigure } from "./training_curves_figure.ts";
 * import { tinyHistory } from "./_testing.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const figure = trainingCurvesFigure([tinyHistory(4), tinyHistory(3)]);
 * assertEquals(figure.data.length, 10);
 * assertEquals(figure.data[0].name, "fold 1");
 * assertEquals(figure.data[1].name, "fold 1 val loss");
 * assertEquals(figure.data[5].x, [1, 2, 3]);
 * assertEquals((figure.layout.yaxis3 as { type: string }).type, "log");
 * ```
 */
export function trainingCurvesFigure(
  histories: EpochLog[][],
  options: TrainingCurvesFigureOptions = {},
): Figure {
  const {
    title = "Training curves",
    names = histories.map((_, i) => `fold ${i + 1}`),
  } = options;
  if (histories.length === 0) {
    throw new RangeError(
      "Cannot plot training curves as histories must hold at least one epoch log: current length is 0",
    );
  }
  if (names.length !== histories.length) {
    throw new RangeError(
      `Cannot plot training curves as names must have one name per history (${histories.length}): current length is ${names.length}`,
    );
  }
  const single = histories.length === 1;
  const data: Trace[] = [];
  histories.forEach((history, i) => {
    const epochs = history.map((e) => e.epoch);
    const line = (
      name: string,
      values: (number | null)[],
      row: 1 | 2 | 3,
      color: string,
      dash: string,
      showlegend: boolean,
    ): Trace => ({
      type: "scatter",
      mode: history.length === 1 ? "markers" : "lines+markers",
      name: single ? name : `${names[i]} ${name}`,
      x: epochs,
      y: values,
      xaxis: row === 1 ? "x" : `x${row}`,
      yaxis: row === 1 ? "y" : `y${row}`,
      line: { color, dash, width: 2, shape: row === 3 ? "hv" : "linear" },
      marker: { size: 4, color },
      legendgroup: single ? (name.startsWith("val") ? "validation" : "training") : names[i],
      showlegend,
      hovertemplate: `${single ? "" : `${names[i]} `}${name}, epoch %{x}: %{y:.4g}<extra></extra>`,
    });
    const color = seriesColor(i);
    const train = single ? seriesColor(0) : color;
    const val = single ? seriesColor(1) : color;
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    data.push(
      line("loss", history.map((e) => finite(e.loss)), 1, train, "solid", true),
      line("val loss", history.map((e) => finite(e.valLoss)), 1, val, "dash", single),
      line("accuracy", history.map((e) => percent(e.accuracy)), 2, train, "solid", false),
      line("val accuracy", history.map((e) => percent(e.valAccuracy)), 2, val, "dash", false),
      line(
        "lr",
        history.map((e) => (e.lr > 0 && Number.isFinite(e.lr) ? e.lr : null)),
        3,
        single ? seriesColor(2) : color,
        "dot",
        false,
      ),
    );
  });
  if (single) {
    // One legend entry per curve kind: "loss" stands for training, "val loss" for validation.
    data[0].name = "training";
    data[1].name = "validation";
  } else {
    // One legend entry per fold, its training loss standing for all its lines.
    histories.forEach((_, i) => (data[5 * i].name = names[i]));
  }
  const epochs = Math.max(0, ...histories.flatMap((h) => h.map((e) => e.epoch)));

  const annotations: Annotation[] = ROWS.map((row) => ({
    text: `<b>${row.title}</b>`,
    xref: "paper",
    yref: "paper",
    x: 0,
    y: row.domain[1],
    xanchor: "left",
    yanchor: "bottom",
    showarrow: false,
  }));
  return {
    data,
    layout: baseLayout(
      single ? title : `${title}<br><sup>solid: training, dashed: validation</sup>`,
      {
        xaxis: axis("", { anchor: "y", matches: "x3", showticklabels: false, zeroline: false }),
        xaxis2: axis("", { anchor: "y2", matches: "x3", showticklabels: false, zeroline: false }),
        xaxis3: axis("Epoch", {
          anchor: "y3",
          zeroline: false,
          ...(epochs <= 15 ? { dtick: 1 } : {}),
        }),
        yaxis: axis("", { domain: ROWS[0].domain }),
        yaxis2: axis("", { domain: ROWS[1].domain }),
        yaxis3: axis("", { domain: ROWS[2].domain, type: "log", exponentformat: "power" }),
        annotations,
        legend: { orientation: "h", x: 0, y: -0.12 },
        height: 720,
        hovermode: "closest",
        margin: { l: 70, r: 30, t: single ? 70 : 95, b: 70 },
      },
    ),
  };
}
