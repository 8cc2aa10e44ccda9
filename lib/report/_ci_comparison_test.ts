import { assertAlmostEquals, assertEquals } from "@std/assert";
import { compareRuns, comparisonSentence } from "./_ci_comparison.ts";
import { tinyMetrics } from "./_testing.ts";

Deno.test("compareRuns() says differs only when the intervals do not overlap", async (t) => {
  const run = (name: string, low: number, high: number) => {
    const metrics = tinyMetrics();
    metrics.accuracy = (low + high) / 2;
    metrics.ci!.accuracy = { low, high };
    return { name, metrics };
  };
  const cases: [string, [number, number], [number, number], string][] = [
    ["disjoint", [0.5, 0.6], [0.61, 0.7], "differs"],
    ["disjoint, reversed", [0.61, 0.7], [0.5, 0.6], "differs"],
    ["overlapping", [0.5, 0.62], [0.6, 0.7], "within CI"],
    ["touching", [0.5, 0.6], [0.6, 0.7], "within CI"],
    ["nested", [0.5, 0.9], [0.6, 0.7], "within CI"],
  ];
  for (const [name, a, b, verdict] of cases) {
    await t.step(name, () => {
      const [pair] = compareRuns([run("a", ...a), run("b", ...b)], "accuracy");
      assertEquals(pair.verdict, verdict);
      assertAlmostEquals(pair.difference, (b[0] + b[1]) / 2 - (a[0] + a[1]) / 2);
    });
  }
});

Deno.test("compareRuns() compares every pair in input order, no CI when one lacks it", () => {
  const pairs = compareRuns([
    { name: "a", metrics: tinyMetrics() },
    { name: "b", metrics: tinyMetrics({ shift: 0.2 }) },
    { name: "c", metrics: tinyMetrics({ ci: false }) },
  ], "uar");
  assertEquals(pairs.map((p) => [p.a, p.b, p.verdict]), [
    ["a", "b", "differs"],
    ["a", "c", "no CI"],
    ["b", "c", "no CI"],
  ]);
});

Deno.test("comparisonSentence() names each pair, its difference and its verdict", () => {
  assertEquals(
    comparisonSentence("UAR", [
      { a: "a", b: "b", difference: 0.089, verdict: "differs" },
      { a: "a", b: "c", difference: -0.012, verdict: "within CI" },
    ]),
    "UAR: a vs b +8.9 pp, differs; a vs c −1.2 pp, within CI.",
  );
  assertEquals(comparisonSentence("UAR", []), "UAR: one run only, nothing to compare.");
});
