import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { perClassF1Figure } from "./per_class_f1_figure.ts";
import { tinyKFold, tinyMetrics } from "./_testing.ts";

Deno.test("perClassF1Figure() of one run: a bar per class and the macro-F1 line", () => {
  const metrics = tinyMetrics();
  const figure = perClassF1Figure(metrics);
  assertEquals(figure.data.length, 1);
  assertEquals(figure.data[0].x, ["neutral", "happy", "sad"]);
  metrics.perClass.forEach((c, i) =>
    assertAlmostEquals(figure.data[0].y?.[i] as number, 100 * c.f1)
  );
  assertEquals(figure.layout.showlegend, false);
  const [line] = figure.layout.shapes as { y0: number }[];
  assertAlmostEquals(line.y0, 100 * metrics.macroF1);
  assertEquals(
    figure.layout.title?.text,
    `F1 by class<br><sup>dashed line: macro-F1 ${(100 * metrics.macroF1).toFixed(1)}%</sup>`,
  );
  assertEquals((figure.data[0].customdata as unknown[])[1], [80, 100, 4]); // happy: precision 4/5
});

Deno.test("perClassF1Figure() of named runs: grouped bars over the union of classes", () => {
  const other = tinyMetrics();
  other.perClass = [other.perClass[0], { ...other.perClass[2], label: "angry" }];
  const figure = perClassF1Figure([
    { name: "a", metrics: tinyMetrics() },
    { name: "b", metrics: other },
    { name: "c", metrics: tinyKFold() },
  ]);
  assertEquals(figure.data.map((t) => t.name), ["a", "b", "c"]);
  assertEquals(figure.data[1].x, ["neutral", "happy", "sad", "angry"]);
  assertEquals(figure.data[1].y?.slice(1, 3), [null, null]);
  assertEquals(figure.data[0].y?.[3], null);
  assertEquals(figure.layout.barmode, "group");
  assertEquals(figure.layout.shapes, []);
  assertEquals(figure.layout.title?.text, "F1 by class");
});

Deno.test("perClassF1Figure() rejects an empty list", () => {
  assertThrows(() => perClassF1Figure([]), RangeError, "runs must not be empty");
});
