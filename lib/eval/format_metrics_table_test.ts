import { assertEquals, assertMatch, assertStringIncludes, assertThrows } from "@std/assert";
import { evaluatePredictions } from "./evaluate_predictions.ts";
import { formatMetricsTable } from "./format_metrics_table.ts";
import { syntheticRecords } from "./_testing.ts";

Deno.test("formatMetricsTable() shows intervals and their settings", () => {
  const metrics = evaluatePredictions(syntheticRecords(240, { seed: 4 }), {
    bootstrap: { resamples: 100, confidence: 0.9, seed: 3 },
  });
  const lines = formatMetricsTable(metrics).split("\n");
  assertEquals(
    lines[0],
    "n = 240 predictions; 90% CI: percentile bootstrap, 100 resamples, seed 3",
  );
  assertEquals(lines[1], "metric        value  90% CI");
  const { low, high } = metrics.ci!.accuracy;
  assertEquals(
    lines[2],
    `accuracy     ${metrics.accuracy.toFixed(4)}  [${low.toFixed(4)}, ${high.toFixed(4)}]`,
  );
  assertMatch(lines[5], /^gap \(m-f\) {2,}[+-]\d\.\d{4} {2}\[[+-]\d\.\d{4}, [+-]\d\.\d{4}\]$/);
  assertEquals(lines[7], "gender      n  accuracy     UAR  macro-F1");
  assertMatch(lines[8], /^male {6}120 {4}0\.\d{4} {2}0\.\d{4} {4}0\.\d{4}$/);
  assertEquals(lines.length, 10);
});

Deno.test("formatMetricsTable() prints undefined values as n/a", () => {
  const records = syntheticRecords(48, { seed: 2 }).filter((r) => r.gender === "female");
  const text = formatMetricsTable(evaluatePredictions(records, { bootstrap: false }), {
    digits: 2,
  });
  assertStringIncludes(text, "gap (m-f)     n/a");
  assertStringIncludes(text, "male       0       n/a   n/a       n/a");
});

Deno.test("formatMetricsTable() rejects a bad digits option", () => {
  const metrics = evaluatePredictions(syntheticRecords(10), { bootstrap: false });
  assertThrows(
    () => formatMetricsTable(metrics, { digits: -1 }),
    RangeError,
    "Cannot format metrics table as digits must be an integer in [0, 10]: current value is -1",
  );
});
