import { assertEquals, assertThrows } from "@std/assert";
import { barFigure } from "./bar_figure.ts";

Deno.test("barFigure() of one series: one trace, labels on the bars, no legend", () => {
  const figure = barFigure({ neutral: 96, calm: 192 }, { title: "Clips per emotion" });
  assertEquals(figure.data.length, 1);
  assertEquals([figure.data[0].x, figure.data[0].y], [["neutral", "calm"], [96, 192]]);
  assertEquals([figure.data[0].text, figure.data[0].textposition], [["96", "192"], "outside"]);
  assertEquals(figure.layout.showlegend, false);
  assertEquals(figure.layout.title?.text, "Clips per emotion");
});

Deno.test("barFigure() of named series: union of categories, gaps where a series lacks one", () => {
  const figure = barFigure([
    { name: "before", values: { male: 121.4, female: 201.9 } },
    { name: "after", values: { female: 174.8, both: 1 }, color: "#000000" },
  ], { digits: 1, yTitle: "Median f0 (Hz)" });
  assertEquals(figure.data[0].x, ["male", "female", "both"]);
  assertEquals(figure.data[0].y, [121.4, 201.9, null]);
  assertEquals(figure.data[1].y, [null, 174.8, 1]);
  assertEquals(figure.data[1].text, ["", "174.8", "1.0"]);
  assertEquals((figure.data[1].marker as { color: string }).color, "#000000");
  assertEquals([figure.layout.barmode, figure.layout.showlegend], ["group", true]);
});

Deno.test("barFigure() follows a given category order, stacks, and can omit labels", () => {
  const figure = barFigure([{ name: "a", values: { x: 1, y: 2 } }], {
    categories: ["y", "x", "z"],
    barmode: "stack",
    digits: null,
  });
  assertEquals(figure.data[0].y, [2, 1, null]);
  assertEquals([figure.data[0].text, figure.layout.barmode], [undefined, "stack"]);
});

Deno.test("barFigure() rejects an empty list", () => {
  assertThrows(() => barFigure([]), RangeError, "series must not be empty");
});
