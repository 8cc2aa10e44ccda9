import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertGreater,
  assertLess,
  assertLessOrEqual,
  assertNotEquals,
  assertThrows,
} from "@std/assert";
import { EMOTIONS } from "../dataset/names.ts";
import { classificationReport } from "./classification_report.ts";
import { DEFAULT_BOOTSTRAP, evaluatePredictions } from "./evaluate_predictions.ts";
import { mulberry32 } from "../_random/mod.ts";
import { quantileSorted } from "./_scores.ts";
import { record, syntheticRecords } from "./_testing.ts";
import type { GroupMetrics, PredictionRecord } from "./types.ts";

function assertClose(actual: number, expected: number, what = ""): void {
  assertAlmostEquals(actual, expected, 1e-12, `${what}: ${actual} is not ${expected}`);
}

// Actor 1 (male): sad→sad, angry→angry, calm→sad. Actor 2 (female): sad→angry,
// angry→angry. Actor 3 (male): happy→happy, strong, statement 2.
const SMALL: PredictionRecord[] = [
  record({ actor: 1, emotion: "sad", predicted: "sad" }),
  record({ actor: 1, emotion: "angry", predicted: "angry" }),
  record({ actor: 1, emotion: "calm", predicted: "sad" }),
  record({ actor: 2, emotion: "sad", predicted: "angry" }),
  record({ actor: 2, emotion: "angry", predicted: "angry" }),
  record({ actor: 3, emotion: "happy", predicted: "happy", intensity: "strong", statement: 2 }),
];

Deno.test("evaluatePredictions() matches a hand-computed small case", () => {
  const m = evaluatePredictions(SMALL, { bootstrap: false });
  assertEquals(m.n, 6);
  assertEquals(m.labels, [...EMOTIONS]);
  assertEquals(m.zeroDivision, 0);
  assertClose(m.accuracy, 4 / 6);
  // Recall: calm 0, happy 1, sad 1/2, angry 1 over the four classes present.
  assertClose(m.uar, (0 + 1 + 0.5 + 1) / 4);
  // F1: calm 0, happy 1, sad 2·1/(2+2), angry 2·2/(2+3); 0 for the four absent classes.
  assertClose(m.macroF1, (0 + 1 + 0.5 + 0.8) / 8);
  assertClose(m.macroRecall, 2.5 / 8);
  assertEquals(m.perClass.map((c) => c.support), [0, 1, 1, 2, 2, 0, 0, 0]);
  assertEquals(m.confusion[3], [0, 0, 0, 1, 1, 0, 0, 0]);
  assertEquals(m.confusionNormalized[3], [0, 0, 0, 0.5, 0.5, 0, 0, 0]);
  assertEquals(m.confusionNormalized[0], [0, 0, 0, 0, 0, 0, 0, 0]);
  assertEquals(m.byGender.male, {
    n: 4,
    accuracy: 0.75,
    uar: 0.75,
    macroF1: (0 + 1 + 2 / 3 + 1) / 4,
  });
  assertEquals(m.byGender.female, { n: 2, accuracy: 0.5, uar: 0.5, macroF1: (0 + 2 / 3) / 2 });
  assertClose(m.genderGap, 0.25);
  assertEquals(m.byEmotionGender.map((e) => e.label), [...EMOTIONS]);
  assertEquals(m.byEmotionGender[3], { label: "sad", male: 1, female: 0, nMale: 1, nFemale: 1 });
  assertEquals(m.byEmotionGender[1], { label: "calm", male: 0, female: NaN, nMale: 1, nFemale: 0 });
  assertEquals(Object.keys(m.byActor), ["01", "02", "03"]);
  assertEquals(m.byActor["02"].gender, "female");
  assertEquals(m.byActor["03"], { n: 1, accuracy: 1, uar: 1, macroF1: 1, gender: "male" });
  assertEquals(Object.keys(m.byIntensity), ["normal", "strong"]);
  assertEquals(m.byIntensity.strong, { n: 1, accuracy: 1, uar: 1, macroF1: 1 });
  assertEquals(Object.keys(m.byStatement), ["1", "2"]);
  assertEquals(m.byStatement["1"].n, 5);
  assertEquals(m.ci, undefined);
});

Deno.test("evaluatePredictions() gender gap is male minus female accuracy", async (t) => {
  const cases: [string, number, number][] = [["men better", 0.9, 0.5], ["women better", 0.5, 0.9]];
  for (const [name, maleAccuracy, femaleAccuracy] of cases) {
    await t.step(name, () => {
      const m = evaluatePredictions(
        syntheticRecords(480, { seed: 3, maleAccuracy, femaleAccuracy }),
        { bootstrap: { resamples: 200 } },
      );
      assertClose(m.genderGap, m.byGender.male.accuracy - m.byGender.female.accuracy);
      const sign = Math.sign(maleAccuracy - femaleAccuracy);
      assertEquals(Math.sign(m.genderGap), sign);
      assertEquals(Math.sign(m.ci!.genderGap.low), sign, "the interval excludes 0");
      assertEquals(Math.sign(m.ci!.genderGap.high), sign, "the interval excludes 0");
    });
  }
});

Deno.test("evaluatePredictions() group scores equal a classification report of the group", () => {
  const records = syntheticRecords(600, { seed: 5 });
  const m = evaluatePredictions(records, { bootstrap: false });
  const check = (group: GroupMetrics, members: PredictionRecord[], what: string) => {
    assertEquals(group.n, members.length, what);
    const report = classificationReport(
      members.map((r) => r.emotion),
      members.map((r) => r.predicted),
    );
    assertClose(group.accuracy, report.accuracy, `${what} accuracy`);
    assertClose(group.uar, report.uar, `${what} uar`);
    assertClose(group.macroF1, report.macroF1, `${what} macroF1`);
  };
  check(m.byGender.male, records.filter((r) => r.gender === "male"), "male");
  check(m.byGender.female, records.filter((r) => r.gender === "female"), "female");
  for (const [key, group] of Object.entries(m.byActor)) {
    check(group, records.filter((r) => r.actor === Number(key)), `actor ${key}`);
  }
  for (const [key, group] of Object.entries(m.byIntensity)) {
    check(group, records.filter((r) => r.intensity === key), key);
  }
  for (const [key, group] of Object.entries(m.byStatement)) {
    check(group, records.filter((r) => String(r.statement) === key), `statement ${key}`);
  }
  // Strong clips are never neutral, and neutral is not counted against them unless predicted.
  assertEquals(records.some((r) => r.intensity === "strong" && r.emotion === "neutral"), false);
  for (const [k, label] of EMOTIONS.entries()) {
    const e = m.byEmotionGender[k];
    const men = records.filter((r) => r.emotion === label && r.gender === "male");
    assertEquals(e.nMale, men.length);
    assertClose(e.male, men.filter((r) => r.predicted === label).length / men.length, label);
  }
});

Deno.test("evaluatePredictions() bootstrap", async (t) => {
  const records = syntheticRecords(1200, { seed: 11 });
  const metrics = evaluatePredictions(records);
  const ci = metrics.ci!;
  await t.step("uses the default settings and echoes them", () => {
    assertEquals(ci.settings, { ...DEFAULT_BOOTSTRAP });
    assertEquals(ci.settings, { resamples: 1000, confidence: 0.95, seed: 42 });
  });
  await t.step("same seed gives the same intervals", () => {
    assertEquals(evaluatePredictions(records).ci, ci);
  });
  await t.step("another seed gives other intervals", () => {
    const other = evaluatePredictions(records, { bootstrap: { seed: 43 } }).ci!;
    assertNotEquals(other.accuracy, ci.accuracy);
    assertEquals(other.settings, { resamples: 1000, confidence: 0.95, seed: 43 });
  });
  await t.step("intervals contain the point estimates", () => {
    for (const key of ["accuracy", "macroF1", "uar", "genderGap"] as const) {
      assertLessOrEqual(ci[key].low, metrics[key], key);
      assertLessOrEqual(metrics[key], ci[key].high, key);
    }
  });
  await t.step("the accuracy interval is about ±1.96 standard errors wide", () => {
    const p = metrics.accuracy;
    const width = ci.accuracy.high - ci.accuracy.low;
    const normal = 2 * 1.96 * Math.sqrt((p * (1 - p)) / records.length);
    assertGreater(width, normal * 0.8);
    assertLess(width, normal * 1.2);
  });
  await t.step("a lower confidence gives a narrower interval", () => {
    const narrow = evaluatePredictions(records, { bootstrap: { confidence: 0.5 } }).ci!;
    assertLess(narrow.accuracy.high - narrow.accuracy.low, ci.accuracy.high - ci.accuracy.low);
  });
  await t.step("1200 records × 1000 resamples take well under 2 s", () => {
    const start = performance.now();
    evaluatePredictions(records);
    assertLess(performance.now() - start, 2000);
  });
});

Deno.test("evaluatePredictions() bootstrap equals a naive recomputation of each resample", () => {
  const records = syntheticRecords(240, { seed: 8 });
  const settings = { resamples: 30, confidence: 0.9, seed: 5 };
  const ci = evaluatePredictions(records, { bootstrap: settings }).ci!;
  const random = mulberry32(settings.seed);
  const values = {
    accuracy: [] as number[],
    macroF1: [] as number[],
    uar: [] as number[],
    genderGap: [] as number[],
  };
  for (let r = 0; r < settings.resamples; r++) {
    const sample = records.map(() => records[Math.floor(random() * records.length)]);
    const report = classificationReport(
      sample.map((s) => s.emotion),
      sample.map((s) => s.predicted),
      {
        labels: EMOTIONS,
      },
    );
    const accuracyOf = (gender: string) => {
      const group = sample.filter((s) => s.gender === gender);
      return group.filter((s) => s.emotion === s.predicted).length / group.length;
    };
    values.accuracy.push(report.accuracy);
    values.macroF1.push(report.macroF1);
    values.uar.push(report.uar);
    values.genderGap.push(accuracyOf("male") - accuracyOf("female"));
  }
  for (const key of ["accuracy", "macroF1", "uar", "genderGap"] as const) {
    const sorted = values[key].sort((a, b) => a - b);
    assertClose(ci[key].low, quantileSorted(sorted, sorted.length, 0.05), `${key} low`);
    assertClose(ci[key].high, quantileSorted(sorted, sorted.length, 0.95), `${key} high`);
  }
});

Deno.test("evaluatePredictions() with one gender gives NaN for the other and for the gap", () => {
  const records = syntheticRecords(48, { seed: 2 }).filter((r) => r.gender === "male");
  const m = evaluatePredictions(records, { bootstrap: { resamples: 50 } });
  assertEquals(m.byGender.female, { n: 0, accuracy: NaN, uar: NaN, macroF1: NaN });
  assertEquals(m.genderGap, NaN);
  assertEquals(m.ci!.genderGap, { low: NaN, high: NaN });
  assert(!Number.isNaN(m.ci!.accuracy.low));
  const json = JSON.parse(JSON.stringify(m));
  assertEquals(json.genderGap, null);
  assertEquals(json.n, 24);
});

Deno.test("evaluatePredictions() takes other labels", () => {
  const records = [
    record({ emotion: "sad", predicted: "sad" }),
    record({ emotion: "angry", predicted: "sad" }),
  ];
  const m = evaluatePredictions(records, { labels: ["sad", "angry"], bootstrap: false });
  assertEquals(m.labels, ["sad", "angry"]);
  assertEquals(m.confusion, [[1, 0], [1, 0]]);
  assertEquals(m.perClass.map((c) => c.label), ["sad", "angry"]);
  assertEquals(m.macroF1, (2 / 3 + 0) / 2);
});

Deno.test("evaluatePredictions() rejects bad input", async (t) => {
  const cases: [string, PredictionRecord[], Parameters<typeof evaluatePredictions>[1], string][] = [
    ["no records", [], {}, "records must not be empty: current value is 0 records"],
    [
      "an unknown emotion",
      [record({}), record({ emotion: "bored" as "sad" })],
      {},
      'emotion must be one of labels: current value is "bored" in record 1',
    ],
    [
      "a prediction outside labels",
      [record({ emotion: "sad", predicted: "calm" })],
      { labels: ["sad", "angry"] },
      'predicted must be one of labels: current value is "calm" in record 0',
    ],
    [
      "an unknown gender",
      [record({ gender: "other" as "male" })],
      {},
      'gender must be male or female: current value is "other" in record 0',
    ],
    [
      "0 resamples",
      [record({})],
      { bootstrap: { resamples: 0 } },
      "bootstrap.resamples must be a positive integer: current value is 0",
    ],
    [
      "confidence 1",
      [record({})],
      { bootstrap: { confidence: 1 } },
      "bootstrap.confidence must be in (0, 1): current value is 1",
    ],
    [
      "seed NaN",
      [record({})],
      { bootstrap: { seed: NaN } },
      "bootstrap.seed must be a finite number: current value is NaN",
    ],
  ];
  for (const [name, records, options, message] of cases) {
    await t.step(name, () => {
      assertThrows(
        () => evaluatePredictions(records, options),
        RangeError,
        `Cannot evaluate predictions as ${message}`,
      );
    });
  }
});
