import { assertEquals } from "@std/assert";
import { perActorFigure } from "./per_actor_figure.ts";
import { tinyMetrics } from "./_testing.ts";

Deno.test("perActorFigure() colors actors by gender in numeric actor order", () => {
  const figure = perActorFigure(tinyMetrics());
  const [male, female] = figure.data;
  assertEquals([male.name, female.name], ["male", "female"]);
  assertEquals([male.x, male.y], [["1", "10"], [100, 75]]);
  assertEquals([female.x, female.y], [["2"], [75]]);
  assertEquals(male.customdata, [[4, 100], [4, 70]]);
  const color = (i: number) => (figure.data[i].marker as { color: string }).color;
  assertEquals(color(0) !== color(1), true);
  const xaxis = figure.layout.xaxis as { categoryorder: string; categoryarray: string[] };
  assertEquals([xaxis.categoryorder, xaxis.categoryarray], ["array", ["1", "2", "10"]]);
  assertEquals(
    figure.layout.title?.text,
    "Accuracy by actor<br><sup>dashed line: all actors 83.3%</sup>",
  );
});

Deno.test("perActorFigure() sorts names that are not numbers as text", () => {
  const metrics = tinyMetrics();
  metrics.byActor = {
    b: { n: 1, accuracy: 1, uar: 1, macroF1: 1, gender: "female" },
    a: { n: 1, accuracy: 0, uar: 0, macroF1: 0, gender: "female" },
  };
  const figure = perActorFigure(metrics);
  assertEquals(figure.data[1].x, ["a", "b"]);
  assertEquals(figure.data[0].x, []);
});
