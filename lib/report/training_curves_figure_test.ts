import { assertEquals, assertThrows } from "@std/assert";
import { trainingCurvesFigure } from "./training_curves_figure.ts";
import { tinyHistory } from "./_testing.ts";

Deno.test("trainingCurvesFigure() draws loss, accuracy and lr panels for one run", () => {
  const history = tinyHistory(4);
  const figure = trainingCurvesFigure([history]);
  assertEquals(figure.data.map((t) => t.name), [
    "training",
    "validation",
    "accuracy",
    "val accuracy",
    "lr",
  ]);
  assertEquals(figure.data.map((t) => t.yaxis), ["y", "y", "y2", "y2", "y3"]);
  assertEquals(figure.data[0].x, [1, 2, 3, 4]);
  assertEquals(figure.data[0].y, history.map((e) => e.loss));
  assertEquals(figure.data[1].y, history.map((e) => e.valLoss));
  assertEquals(figure.data[3].y, history.map((e) => 100 * e.valAccuracy));
  assertEquals(figure.data[4].y, [1e-3, 1e-3, 5e-4, 5e-4]);
  assertEquals((figure.layout.yaxis3 as { type: string }).type, "log");
  assertEquals(figure.data.map((t) => t.showlegend), [true, true, false, false, false]);
  assertEquals(figure.layout.title?.text, "Training curves");
  const dash = (i: number) => (figure.data[i].line as { dash: string }).dash;
  assertEquals([dash(0), dash(1)], ["solid", "dash"]);
});

Deno.test("trainingCurvesFigure() draws one set of lines per fold, one color each", () => {
  const figure = trainingCurvesFigure([tinyHistory(3), tinyHistory(3, 0.1), tinyHistory(2)]);
  assertEquals(figure.data.length, 15);
  assertEquals(figure.data.filter((t) => t.yaxis === "y").map((t) => t.name), [
    "fold 1",
    "fold 1 val loss",
    "fold 2",
    "fold 2 val loss",
    "fold 3",
    "fold 3 val loss",
  ]);
  assertEquals(figure.data.filter((t) => t.showlegend).map((t) => t.name), [
    "fold 1",
    "fold 2",
    "fold 3",
  ]);
  assertEquals(
    figure.layout.title?.text,
    "Training curves<br><sup>solid: training, dashed: validation</sup>",
  );
  assertEquals((figure.layout.xaxis3 as { dtick: number }).dtick, 1);
  const color = (i: number) => (figure.data[i].line as { color: string }).color;
  assertEquals(color(0), color(1));
  assertEquals(new Set([color(0), color(5), color(10)]).size, 3);
  assertEquals(figure.data[10].legendgroup, "fold 3");
});

Deno.test("trainingCurvesFigure() leaves gaps for non-finite values and non-positive lr", () => {
  const history = tinyHistory(2);
  history[1].valLoss = NaN;
  history[0].lr = 0;
  const figure = trainingCurvesFigure([history], { names: ["run"] });
  assertEquals(figure.data[1].y, [history[0].valLoss, null]);
  assertEquals(figure.data[4].y, [null, history[1].lr]);
});

Deno.test("trainingCurvesFigure() rejects no history and names of another length", () => {
  assertThrows(() => trainingCurvesFigure([]), RangeError, "current length is 0");
  assertThrows(
    () => trainingCurvesFigure([tinyHistory()], { names: ["a", "b"] }),
    RangeError,
    "one name per history (1): current length is 2",
  );
});
