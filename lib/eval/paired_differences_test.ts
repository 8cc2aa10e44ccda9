import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { evaluatePredictions } from "./evaluate_predictions.ts";
import { pairedDifferences } from "./paired_differences.ts";
import { syntheticRecords, type SyntheticRecordsOptions } from "./_testing.ts";
import { EMOTIONS } from "../dataset/names.ts";
import type { PredictionRecord } from "./types.ts";

const KEYS = ["accuracy", "macroF1", "uar", "genderGap"] as const;

/** Synthetic records with a file name each (syntheticRecords repeats names). */
function clips(count: number, options: SyntheticRecordsOptions): PredictionRecord[] {
  return syntheticRecords(count, options).map((r, i) => ({ ...r, file: `${r.file}#${i}` }));
}

/** The emotion after `emotion`, round the list. */
function other(emotion: PredictionRecord["emotion"]): PredictionRecord["emotion"] {
  return EMOTIONS[(EMOTIONS.indexOf(emotion) + 1) % EMOTIONS.length];
}

/** `records` with the prediction of every `step`-th clip (from `start`) set right or wrong. */
function flip(records: PredictionRecord[], step: number, start: number, right: boolean) {
  return records.map((r, i) =>
    i % step === start ? { ...r, predicted: right ? r.emotion : other(r.emotion) } : r
  );
}

Deno.test("pairedDifferences() gives b − a of evaluatePredictions' numbers", () => {
  const a = clips(300, { seed: 3 });
  const b = flip(a, 4, 1, true);
  const d = pairedDifferences(a, b, { bootstrap: { resamples: 50 } });
  const [ma, mb] = [a, b].map((r) => evaluatePredictions(r, { bootstrap: false }));
  assertEquals(d.n, 300);
  for (const key of KEYS) {
    assertAlmostEquals(d[key].difference, mb[key] - ma[key], 1e-12, key);
    assert(d[key].low <= d[key].high, key);
  }
  assertEquals(d.settings, { resamples: 50, confidence: 0.95, seed: 42 });
});

Deno.test("pairedDifferences() of a run with itself is 0 with a zero-width interval", () => {
  const a = clips(120, { seed: 5 });
  const d = pairedDifferences(a, a, { bootstrap: { resamples: 100 } });
  for (const key of KEYS) assertEquals([d[key].difference, d[key].low, d[key].high], [0, 0, 0]);
});

Deno.test("pairedDifferences() sees a small consistent gain that the runs' own intervals cannot", () => {
  // b gets 1 clip in 25 right and changes nothing else: a few points,
  // inside each run's own interval, but every resample agrees on the sign.
  const a = clips(600, { seed: 11, maleAccuracy: 0.6, femaleAccuracy: 0.6 });
  const b = flip(a, 25, 0, true);
  const [ma, mb] = [a, b].map((r) => evaluatePredictions(r, { bootstrap: { resamples: 300 } }));
  assert(mb.ci!.accuracy.low < ma.ci!.accuracy.high, "the runs' own intervals overlap");
  const d = pairedDifferences(a, b, { bootstrap: { resamples: 300 } });
  assert(d.accuracy.difference > 0);
  assert(d.accuracy.low > 0, `paired interval [${d.accuracy.low}, ${d.accuracy.high}]`);
});

Deno.test("pairedDifferences() pairs clips by file, whatever their order, and is seeded", () => {
  const a = clips(200, { seed: 2 });
  const b = flip(a, 3, 2, false);
  const settings = { resamples: 100, seed: 9 };
  const forward = pairedDifferences(a, b, { bootstrap: settings });
  assertEquals(pairedDifferences(a, b.toReversed(), { bootstrap: settings }), forward);
  const reseeded = pairedDifferences(a, b, { bootstrap: { ...settings, seed: 10 } });
  assertEquals(reseeded.accuracy.difference, forward.accuracy.difference);
  assert(
    reseeded.accuracy.low !== forward.accuracy.low ||
      reseeded.accuracy.high !== forward.accuracy.high,
  );
});

Deno.test("pairedDifferences() refuses runs that did not predict the same clips", async (t) => {
  const a = clips(48, { seed: 4 });
  const relabelled = a.map((r, i) => i === 5 ? { ...r, emotion: other(r.emotion) } : r);
  const cases: [string, PredictionRecord[], PredictionRecord[], RegExp][] = [
    ["a clip missing", a, a.slice(1), /1 clips only in the first, 0 only in the second/],
    ["a clip added", a.slice(1), a, /0 clips only in the first, 1 only in the second/],
    ["a clip twice", a, [...a.slice(1), a[2]], /once each/],
    ["another emotion", a, relabelled, /same emotion and gender .*Actor_/],
    ["no records", [], a, /must not be empty/],
  ];
  for (const [name, x, y, message] of cases) {
    await t.step(name, () => {
      const error = assertThrows(() => pairedDifferences(x, y), RangeError);
      assert(message.test((error as Error).message), (error as Error).message);
    });
  }
  assertThrows(
    () => pairedDifferences(a, a, { bootstrap: { resamples: 0 } }),
    RangeError,
    "resamples",
  );
});
