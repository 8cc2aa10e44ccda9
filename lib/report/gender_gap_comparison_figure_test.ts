import { assertEquals, assertThrows } from "@std/assert";
import { genderGapComparisonFigure } from "./gender_gap_comparison_figure.ts";
import { tinyKFold, tinyMetrics } from "./_testing.ts";

Deno.test("genderGapComparisonFigure() draws each run's gap with its CI as an error bar", () => {
  const figure = genderGapComparisonFigure([
    { name: "3x", metrics: tinyMetrics() },
    { name: "no CI", metrics: tinyMetrics({ ci: false }) },
    { name: "5-fold", metrics: tinyKFold() },
  ]);
  const [male, female, gap] = figure.data;
  assertEquals(male.x, ["3x", "no CI", "5-fold"]);
  const pooled = tinyKFold().pooled;
  assertEquals(male.y, [
    100 * tinyMetrics().byGender.male.accuracy,
    100 * tinyMetrics().byGender.male.accuracy,
    100 * pooled.byGender.male.accuracy,
  ]);
  assertEquals(female.customdata, [
    tinyMetrics().byGender.female.n,
    tinyMetrics().byGender.female.n,
    pooled.byGender.female.n,
  ]);
  // tinyMetrics(): gap +10.0 pp, CI [−5.0, 25.0].
  const error = gap.error_y as { array: number[]; arrayminus: number[]; visible: boolean };
  assertEquals(gap.y?.[0], 10);
  assertEquals(error.array[0], 15);
  assertEquals(error.arrayminus[0], 15);
  assertEquals([error.array[1], error.arrayminus[1]], [0, 0]);
  assertEquals((gap.customdata as string[])[1], "no CI");
  assertEquals(error.visible, true);
});

Deno.test("genderGapComparisonFigure() rejects an empty list of runs", () => {
  assertThrows(() => genderGapComparisonFigure([]), RangeError, "runs must not be empty");
});
