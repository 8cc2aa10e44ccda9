import { assertEquals, assertThrows } from "@std/assert";
import { histogramFigure } from "./histogram_figure.ts";

Deno.test("histogramFigure() with a bin size: bins aligned on multiples, last bin closed", () => {
  const figure = histogramFigure([3, 3.1, 3.5, 3.9, 4], { binSize: 0.5 });
  assertEquals(figure.data[0].x, [3.25, 3.75]);
  assertEquals(figure.data[0].y, [2, 3]);
  assertEquals(figure.data[0].customdata, [[3, 3.5], [3.5, 4]]);
  assertEquals(figure.data[0].width, 0.5);
});

Deno.test("histogramFigure() with a bin count spans the values", () => {
  const values = Array.from({ length: 100 }, (_, i) => i);
  const figure = histogramFigure(values, { bins: 4 });
  assertEquals(figure.data[0].y, [25, 25, 25, 25]);
  assertEquals(figure.data[0].x, [12.375, 37.125, 61.875, 86.625]);
});

Deno.test("histogramFigure() overlays named sets on shared bins and skips non-finite values", () => {
  const figure = histogramFigure([
    { name: "male", values: [1, 2, NaN] },
    { name: "female", values: [3, 4, Infinity] },
  ], { binSize: 1, title: "f0", xTitle: "Hz", yTitle: "Clips" });
  assertEquals(figure.data.map((t) => [t.name, t.x, t.y]), [
    ["male", [1.5, 2.5, 3.5], [1, 1, 0]],
    ["female", [1.5, 2.5, 3.5], [0, 0, 2]],
  ]);
  assertEquals([figure.layout.barmode, figure.layout.showlegend], ["overlay", true]);
  assertEquals(figure.layout.title?.text, "f0");
});

Deno.test("histogramFigure() of one repeated value gives one bin", () => {
  assertEquals(histogramFigure([2, 2, 2]).data[0].y, [3]);
});

Deno.test("histogramFigure() rejects bad input", async (t) => {
  const cases: [string, () => unknown, string][] = [
    ["no set", () => histogramFigure([]), "values must not be empty"],
    ["no finite value", () => histogramFigure([NaN]), "no value is finite"],
    ["bin size", () => histogramFigure([1], { binSize: 0 }), "binSize must be > 0"],
    ["bins", () => histogramFigure([1], { bins: 1.5 }), "bins must be an integer >= 1"],
  ];
  for (const [name, fn, message] of cases) {
    await t.step(name, () => void assertThrows(fn, RangeError, message));
  }
});
