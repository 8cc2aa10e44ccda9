import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { join } from "node:path";
import { type Requirement, testWith } from "../../tests/requirements.ts";
import { type ClassificationReport, classificationReport } from "./classification_report.ts";
import { mulberry32 } from "../_random/mod.ts";

function assertClose(actual: number, expected: number, what = ""): void {
  assertAlmostEquals(actual, expected, 1e-12, `${what}: ${actual} is not ${expected}`);
}

/** Per-class columns of a report, for compact comparisons. */
function columns<T extends string | number>(report: ClassificationReport<T>) {
  return {
    precision: report.perClass.map((c) => c.precision),
    recall: report.perClass.map((c) => c.recall),
    f1: report.perClass.map((c) => c.f1),
    support: report.perClass.map((c) => c.support),
  };
}

Deno.test("classificationReport() matches a hand-computed three-class case", () => {
  const report = classificationReport(
    ["a", "a", "a", "b", "b", "c"],
    ["a", "a", "b", "b", "c", "c"],
    { labels: ["a", "b", "c"] },
  );
  assertEquals(report.n, 6);
  assertEquals(report.labels, ["a", "b", "c"]);
  assertClose(report.accuracy, 4 / 6);
  assertEquals(report.perClass.map((c) => c.label), ["a", "b", "c"]);
  const got = columns(report);
  assertEquals(got.support, [3, 2, 1]);
  [1, 0.5, 0.5].forEach((v, k) => assertClose(got.precision[k], v, `precision ${k}`));
  [2 / 3, 0.5, 1].forEach((v, k) => assertClose(got.recall[k], v, `recall ${k}`));
  [0.8, 0.5, 2 / 3].forEach((v, k) => assertClose(got.f1[k], v, `f1 ${k}`));
  assertClose(report.macroF1, (0.8 + 0.5 + 2 / 3) / 3);
  assertClose(report.macroPrecision, 2 / 3);
  assertClose(report.uar, (2 / 3 + 0.5 + 1) / 3);
  assertClose(report.macroRecall, report.uar);
  assertEquals(report.confusion, [[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
});

Deno.test("classificationReport() edge cases", async (t) => {
  await t.step("empty input is refused", () => {
    assertThrows(
      () => classificationReport([], []),
      RangeError,
      "Cannot compute classification report as yTrue must not be empty: current value is 0 items",
    );
  });
  const cases: {
    name: string;
    yTrue: number[];
    yPred: number[];
    labels?: number[];
    zeroDivision?: number;
    expected: Partial<Omit<ClassificationReport<number>, "perClass">> & {
      precision?: number[];
      recall?: number[];
      f1?: number[];
    };
  }[] = [
    {
      name: "one class, all right",
      yTrue: [3, 3],
      yPred: [3, 3],
      expected: { labels: [3], accuracy: 1, macroF1: 1, uar: 1, confusion: [[2]] },
    },
    {
      name: "a class only in predictions: precision and recall 0, left out of UAR only",
      yTrue: [0, 0],
      yPred: [0, 1],
      labels: [0, 1],
      expected: {
        precision: [1, 0],
        recall: [0.5, 0],
        f1: [2 / 3, 0],
        macroPrecision: 0.5,
        macroRecall: 0.25,
        macroF1: 1 / 3,
        uar: 0.5,
        confusion: [[1, 1], [0, 0]],
      },
    },
    {
      name: "a class never predicted: precision 0, F1 0",
      yTrue: [0, 1],
      yPred: [0, 0],
      labels: [0, 1],
      zeroDivision: 1,
      expected: { precision: [0.5, 1], recall: [1, 0], f1: [2 / 3, 0], macroF1: 1 / 3, uar: 0.5 },
    },
    {
      name: "a row of zeros (class in neither array) counts 0 in macro averages",
      yTrue: [0, 1],
      yPred: [0, 1],
      labels: [0, 1, 2],
      expected: {
        f1: [1, 1, 0],
        macroF1: 2 / 3,
        macroRecall: 2 / 3,
        macroPrecision: 2 / 3,
        uar: 1,
        confusion: [[1, 0, 0], [0, 1, 0], [0, 0, 0]],
      },
    },
    {
      name: "zeroDivision 1 scores the absent class 1",
      yTrue: [0, 1],
      yPred: [0, 1],
      labels: [0, 1, 2],
      zeroDivision: 1,
      expected: { precision: [1, 1, 1], f1: [1, 1, 1], macroF1: 1, macroRecall: 1, uar: 1 },
    },
    {
      name: "zeroDivision NaN leaves the absent class out of macro averages",
      yTrue: [0, 1],
      yPred: [0, 0],
      labels: [0, 1, 2],
      zeroDivision: NaN,
      expected: {
        precision: [0.5, NaN, NaN],
        recall: [1, 0, NaN],
        f1: [2 / 3, 0, NaN],
        macroPrecision: 0.5,
        macroRecall: 0.5,
        macroF1: 1 / 3,
        uar: 0.5,
      },
    },
  ];
  for (const { name, yTrue, yPred, labels, zeroDivision, expected } of cases) {
    await t.step(name, () => {
      const report = classificationReport(yTrue, yPred, { labels, zeroDivision });
      const got = columns(report);
      for (const [key, value] of Object.entries(expected)) {
        const actual = key in got
          ? got[key as keyof typeof got]
          : report[key as keyof typeof report];
        if (typeof value === "number") assertClose(actual as number, value, key);
        else if (key === "precision" || key === "recall" || key === "f1") {
          (value as number[]).forEach((v, k) => {
            const a = (actual as number[])[k];
            if (Number.isNaN(v)) assert(Number.isNaN(a), `${key}[${k}] is ${a}, not NaN`);
            else assertClose(a, v, `${key}[${k}]`);
          });
        } else assertEquals(actual, value, key);
      }
    });
  }
});

Deno.test("classificationReport() sorts default labels as scikit-learn", async (t) => {
  await t.step("numbers numerically", () => {
    assertEquals(classificationReport([10, 2], [2, 9]).labels, [2, 9, 10]);
  });
  await t.step("strings by code unit", () => {
    assertEquals(classificationReport(["sad", "angry"], ["Calm", "sad"]).labels, [
      "Calm",
      "angry",
      "sad",
    ]);
  });
  await t.step("a mix of strings and numbers is refused", () => {
    assertThrows(
      () => classificationReport<string | number>([1, "a"], [1, "a"]),
      TypeError,
      "labels must be all strings or all numbers: current value is a mix of number and string",
    );
  });
});

Deno.test("classificationReport() rejects bad input", async (t) => {
  const cases: [string, () => unknown, string][] = [
    [
      "lengths differ",
      () => classificationReport([1, 2], [1]),
      "yPred must have the length of yTrue (2): current value is 1",
    ],
    [
      "a value not among labels",
      () => classificationReport(["sad"], ["bored"], { labels: ["sad", "angry"] }),
      'yPred[0] must be one of labels: current value is "bored"',
    ],
    [
      "labels given twice",
      () => classificationReport(["sad"], ["sad"], { labels: ["sad", "sad"] }),
      'labels must be distinct: current value is "sad" twice',
    ],
    [
      "zeroDivision 0.5",
      () => classificationReport([1], [1], { zeroDivision: 0.5 }),
      "zeroDivision must be 0, 1 or NaN: current value is 0.5",
    ],
  ];
  for (const [name, fn, message] of cases) {
    await t.step(name, () => {
      assertThrows(fn, RangeError, `Cannot compute classification report as ${message}`);
    });
  }
});

/** Debian's Python with scikit-learn (`/usr/bin/python3`; the one on PATH lacks it). */
function sklearnPython(): Requirement<string> {
  const python = "/usr/bin/python3";
  let ok = false;
  try {
    ok = new Deno.Command(python, { args: ["-c", "import sklearn"], stderr: "null" }).outputSync()
      .success;
  } catch { /* not installed */ }
  return {
    name: "python3-sklearn",
    value: ok ? python : null,
    hint: "apt-get install python3-sklearn",
  };
}

const SKLEARN_SCRIPT = `
import json, sys, warnings
warnings.simplefilter("ignore")
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, confusion_matrix,
    f1_score, precision_recall_fscore_support, precision_score, recall_score)
out = []
for case in json.load(open(sys.argv[1])):
    t, p, z = case["yTrue"], case["yPred"], case["zeroDivision"]
    labels = list(range(8))
    P, R, F, S = precision_recall_fscore_support(t, p, labels=labels, zero_division=z)
    macro = lambda score: float(score(t, p, labels=labels, average="macro", zero_division=z))
    out.append({
        "accuracy": float(accuracy_score(t, p)),
        "macroF1": macro(f1_score),
        "macroPrecision": macro(precision_score),
        "macroRecall": macro(recall_score),
        "uar": float(balanced_accuracy_score(t, p)),
        "precision": P.tolist(), "recall": R.tolist(), "f1": F.tolist(), "support": S.tolist(),
        "confusion": confusion_matrix(t, p, labels=labels).tolist(),
        "macroF1DefaultLabels": float(f1_score(t, p, average="macro", zero_division=z)),
    })
print(json.dumps(out))
`;

testWith("classificationReport() matches scikit-learn", sklearnPython(), async (python, t) => {
  const random = mulberry32(2024);
  const draw = (classes: number[]) => classes[Math.floor(random() * classes.length)];
  const all = [0, 1, 2, 3, 4, 5, 6, 7];
  // 300 items over 8 classes; class 6 is never predicted.
  const yTrueA = Array.from({ length: 300 }, () => draw(all));
  const yPredA = yTrueA.map((y) => (random() < 0.6 ? y : draw(all))).map((y) => (y === 6 ? 5 : y));
  // Class 7 only in predictions, class 3 in neither.
  const seen = [0, 1, 2, 4, 5, 6];
  const yTrueB = Array.from({ length: 300 }, () => draw(seen));
  const yPredB = yTrueB.map((y) => (random() < 0.5 ? y : draw([...seen, 7])));
  assert(yTrueA.includes(6) && !yPredA.includes(6));
  assert(yPredB.includes(7) && !yTrueB.includes(7) && !yTrueB.includes(3) && !yPredB.includes(3));
  const cases = [
    { name: "class 6 never predicted", yTrue: yTrueA, yPred: yPredA, zeroDivision: 0 },
    { name: "classes absent from yTrue", yTrue: yTrueB, yPred: yPredB, zeroDivision: 0 },
    {
      name: "classes absent from yTrue, zeroDivision 1",
      yTrue: yTrueB,
      yPred: yPredB,
      zeroDivision: 1,
    },
  ];
  const dir = await Deno.makeTempDir({ prefix: "serlab_sklearn_" });
  try {
    const input = join(dir, "cases.json");
    await Deno.writeTextFile(input, JSON.stringify(cases));
    const run = await new Deno.Command(python, {
      args: ["-c", SKLEARN_SCRIPT, input],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    assert(run.success, `scikit-learn script failed: ${decode(run.stderr).slice(-2000)}`);
    const expected = JSON.parse(decode(run.stdout));
    for (const [i, { name, yTrue, yPred, zeroDivision }] of cases.entries()) {
      await t.step(name, () => {
        const want = expected[i];
        const report = classificationReport(yTrue, yPred, { labels: all, zeroDivision });
        for (
          const key of ["accuracy", "macroF1", "macroPrecision", "macroRecall", "uar"] as const
        ) {
          assertClose(report[key], want[key], key);
        }
        const got = columns(report);
        for (const key of ["precision", "recall", "f1"] as const) {
          got[key].forEach((v, k) => assertClose(v, want[key][k], `${key}[${k}]`));
        }
        assertEquals(got.support, want.support);
        assertEquals(report.confusion, want.confusion);
        assertClose(
          classificationReport(yTrue, yPred, { zeroDivision }).macroF1,
          want.macroF1DefaultLabels,
          "macroF1 with default labels",
        );
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
