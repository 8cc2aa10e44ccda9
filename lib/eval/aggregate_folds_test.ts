import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { aggregateFolds } from "./aggregate_folds.ts";
import { evaluatePredictions } from "./evaluate_predictions.ts";
import { syntheticRecords } from "./_testing.ts";

const FOLDS = [1, 2, 3, 4, 5].map((fold) =>
  syntheticRecords(120, { seed: fold, fold, maleAccuracy: 0.5 + 0.08 * fold })
);

Deno.test("aggregateFolds() scores each fold, their mean and sample std, and the pool", () => {
  const kfold = aggregateFolds(FOLDS, { bootstrap: { resamples: 200 } });
  assertEquals(kfold.folds.length, 5);
  for (const [i, fold] of kfold.folds.entries()) {
    assertEquals(fold, evaluatePredictions(FOLDS[i], { bootstrap: false }));
    assertEquals(fold.ci, undefined);
  }
  for (const key of ["accuracy", "macroF1", "uar", "genderGap"] as const) {
    const values = kfold.folds.map((f) => f[key]);
    const mean = values.reduce((a, b) => a + b) / 5;
    const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / 4;
    assertAlmostEquals(kfold.mean[key], mean, 1e-12, key);
    assertAlmostEquals(kfold.std[key], Math.sqrt(variance), 1e-12, key);
  }
  assertEquals(kfold.pooled, evaluatePredictions(FOLDS.flat(), { bootstrap: { resamples: 200 } }));
  assertEquals(kfold.pooled.n, 600);
  assertEquals(kfold.pooled.ci!.settings, { resamples: 200, confidence: 0.95, seed: 42 });
});

Deno.test("aggregateFolds() hand-computed std uses k − 1", () => {
  const kfold = aggregateFolds([FOLDS[0].slice(0, 10), FOLDS[1].slice(0, 10)], {
    bootstrap: false,
  });
  const [a, b] = kfold.folds.map((f) => f.accuracy);
  assertAlmostEquals(kfold.std.accuracy, Math.abs(a - b) / Math.SQRT2, 1e-15);
  assertEquals(kfold.pooled.ci, undefined);
});

Deno.test("aggregateFolds() with one fold has NaN std", () => {
  const kfold = aggregateFolds([FOLDS[0]], { bootstrap: false });
  assertEquals(kfold.mean.accuracy, kfold.folds[0].accuracy);
  assertEquals(kfold.std, { accuracy: NaN, macroF1: NaN, uar: NaN, genderGap: NaN });
});

Deno.test("aggregateFolds() rejects bad input", async (t) => {
  await t.step("no folds", () => {
    assertThrows(
      () => aggregateFolds([]),
      RangeError,
      "Cannot aggregate folds as folds must not be empty: current value is 0 folds",
    );
  });
  await t.step("an empty fold", () => {
    assertThrows(
      () => aggregateFolds([FOLDS[0], []]),
      RangeError,
      "Cannot aggregate folds as every fold must have records: current value is 0 records in fold 2",
    );
  });
  await t.step("a record of a fold outside labels", () => {
    assertThrows(
      () => aggregateFolds([FOLDS[0]], { labels: ["sad"] }),
      RangeError,
      "Cannot evaluate predictions as emotion must be one of labels",
    );
  });
});
