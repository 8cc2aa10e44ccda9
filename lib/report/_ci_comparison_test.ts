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

Deno.test("compareRuns() judges a pair with paired differences by their interval around 0", async (t) => {
  const runs = [
    { name: "a", metrics: tinyMetrics() },
    { name: "b", metrics: tinyMetrics() }, // identical intervals: overlap says "within CI"
  ];
  const paired = (low: number, high: number) => {
    const d = { difference: (low + high) / 2, low, high };
    const differences = {
      n: 10,
      accuracy: d,
      macroF1: d,
      uar: d,
      genderGap: d,
      settings: { resamples: 10, confidence: 0.95, seed: 1 },
    };
    return [{ a: "a", b: "b", differences }];
  };
  const cases: [string, [number, number], string][] = [
    ["above 0", [0.01, 0.05], "differs"],
    ["below 0", [-0.05, -0.01], "differs"],
    ["around 0", [-0.01, 0.05], "within CI"],
    ["touching 0", [0, 0.05], "within CI"],
  ];
  for (const [name, [low, high], verdict] of cases) {
    await t.step(name, () => {
      const [pair] = compareRuns(runs, "genderGap", paired(low, high));
      assertEquals(pair.verdict, verdict);
      assertEquals(pair.interval, { low, high });
      assertAlmostEquals(pair.difference, (low + high) / 2);
    });
  }
  // A pairing of other names is not used.
  const [unpaired] = compareRuns(runs, "accuracy", [{ ...paired(0.01, 0.05)[0], a: "x" }]);
  assertEquals([unpaired.verdict, unpaired.interval], ["within CI", undefined]);
  assertEquals(
    comparisonSentence("Gap", compareRuns(runs, "genderGap", paired(-0.139, -0.027))),
    "Gap: a vs b −8.3 pp, paired CI [−13.9, −2.7], differs.",
  );
});
