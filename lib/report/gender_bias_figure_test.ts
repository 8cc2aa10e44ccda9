import { assertAlmostEquals, assertEquals, assertStringIncludes } from "@std/assert";
import { genderBiasFigure } from "./gender_bias_figure.ts";
import { tinyMetrics } from "./_testing.ts";

Deno.test("genderBiasFigure() groups accuracy per emotion by gender, with an overall group", () => {
  const [male, female] = genderBiasFigure(tinyMetrics()).data;
  assertEquals([male.type, male.name, female.name], ["bar", "male", "female"]);
  assertEquals(male.x, ["neutral", "happy", "sad", "all"]);
  assertEquals(male.y?.slice(0, 3), [100, 100, 50]);
  assertAlmostEquals(male.y?.[3] as number, 100 * 5 / 6);
  assertEquals(female.y?.slice(0, 3), [50, 100, 100]);
  assertEquals(male.customdata, [2, 2, 2, 6]);
  assertEquals(genderBiasFigure(tinyMetrics()).layout.barmode, "group");
});

Deno.test("genderBiasFigure() shows the gap with its CI as an asymmetric error bar", () => {
  const figure = genderBiasFigure(tinyMetrics());
  const gap = figure.data[2];
  assertEquals([gap.xaxis, gap.yaxis], ["x2", "y2"]);
  assertAlmostEquals(gap.y?.[0] as number, 10);
  const error = gap.error_y as { visible: boolean; array: number[]; arrayminus: number[] };
  assertEquals(error.visible, true);
  assertAlmostEquals(error.array[0], 15); // 25 − 10
  assertAlmostEquals(error.arrayminus[0], 15); // 10 − (−5)
  assertStringIncludes(figure.layout.title!.text, "gap +10.0 pp [−5.0, 25.0] (95% CI)");
});

Deno.test("genderBiasFigure() without CI shows the gap without an error bar", () => {
  const figure = genderBiasFigure(tinyMetrics({ ci: false }));
  assertEquals(figure.data[2].error_y, { visible: false });
  assertStringIncludes(figure.layout.title!.text, "gap +10.0 pp</sup>");
});
