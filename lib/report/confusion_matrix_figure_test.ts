import { assertEquals, assertThrows } from "@std/assert";
import { confusionMatrixFigure } from "./confusion_matrix_figure.ts";
import { tinyKFold, tinyMetrics } from "./_testing.ts";

Deno.test("confusionMatrixFigure() shows counts with true classes on y", () => {
  const figure = confusionMatrixFigure(tinyMetrics());
  const [heatmap] = figure.data;
  assertEquals(figure.data.length, 1);
  assertEquals(heatmap.type, "heatmap");
  assertEquals(heatmap.x, ["neutral", "happy", "sad"]);
  assertEquals(heatmap.y, ["neutral", "happy", "sad"]);
  assertEquals(heatmap.z, [[3, 1, 0], [0, 4, 0], [1, 0, 3]]);
  assertEquals(heatmap.zmax, 4);
  assertEquals(figure.layout.title?.text, "Confusion matrix (counts)");
  const yaxis = figure.layout.yaxis as { title: { text: string }; autorange: string };
  const xaxis = figure.layout.xaxis as { title: { text: string } };
  assertEquals([yaxis.title.text, xaxis.title.text], ["True", "Predicted"]);
  assertEquals(yaxis.autorange, "reversed");
});

Deno.test("confusionMatrixFigure() annotates every cell, white on dark cells", () => {
  const annotations = confusionMatrixFigure(tinyMetrics()).layout.annotations!;
  assertEquals(annotations.length, 9);
  assertEquals(annotations.map((a) => a.text), ["3", "1", "0", "0", "4", "0", "1", "0", "3"]);
  assertEquals([annotations[1].x, annotations[1].y], ["happy", "neutral"]); // row true, column predicted
  const color = (i: number) => (annotations[i].font as { color: string }).color;
  assertEquals([color(4), color(2)], ["#ffffff", "#1a1a1a"]);
});

Deno.test("confusionMatrixFigure() normalize shows row percentages", () => {
  const metrics = tinyMetrics();
  metrics.confusionNormalized[2] = [NaN, NaN, NaN]; // an empty row
  const figure = confusionMatrixFigure(metrics, { normalize: true });
  assertEquals(figure.data[0].z, [[75, 25, 0], [0, 100, 0], [null, null, null]]);
  assertEquals(figure.data[0].zmax, 100);
  assertEquals(figure.data[0].customdata, [[3, 1, 0], [0, 4, 0], [1, 0, 3]]);
  const texts = figure.layout.annotations!.map((a) => a.text);
  assertEquals(texts, ["75%", "25%", "0%", "0%", "100%", "0%", "–", "–", "–"]);
  assertEquals(figure.layout.title?.text, "Confusion matrix (% of true class)");
});

Deno.test("confusionMatrixFigure() shows the pooled matrix of a K-fold run", () => {
  assertEquals(
    confusionMatrixFigure(tinyKFold()).data[0].z,
    confusionMatrixFigure(tinyKFold().pooled).data[0].z,
  );
});

Deno.test("confusionMatrixFigure() rejects a matrix of the wrong shape", () => {
  const metrics = tinyMetrics();
  metrics.confusion = [[1, 2], [3, 4]];
  assertThrows(
    () => confusionMatrixFigure(metrics),
    RangeError,
    "confusion must be labels.length × labels.length (3 × 3): current shape is 2 × 2",
  );
});
