import { assertEquals, assertThrows } from "@std/assert";
import { confusionMatrix } from "./confusion_matrix.ts";

Deno.test("confusionMatrix() counts true rows against predicted columns", () => {
  assertEquals(confusionMatrix([0, 1, 2, 2, 2, 1], [0, 2, 2, 1, 2, 1], { nClasses: 3 }), [
    [1, 0, 0],
    [0, 1, 1],
    [0, 1, 2],
  ]);
});

Deno.test("confusionMatrix() keeps every class in edge cases", async (t) => {
  const cases: {
    name: string;
    yTrue: number[];
    yPred: number[];
    nClasses: number;
    expected: number[][];
  }[] = [
    {
      name: "empty input gives zeros",
      yTrue: [],
      yPred: [],
      nClasses: 2,
      expected: [[0, 0], [0, 0]],
    },
    { name: "one class", yTrue: [0, 0], yPred: [0, 0], nClasses: 1, expected: [[2]] },
    {
      name: "a class only in predictions has a column and a zero row",
      yTrue: [0, 0],
      yPred: [0, 1],
      nClasses: 2,
      expected: [[1, 1], [0, 0]],
    },
    {
      name: "a class in neither keeps a row and a column of zeros",
      yTrue: [0, 2],
      yPred: [0, 2],
      nClasses: 3,
      expected: [[1, 0, 0], [0, 0, 0], [0, 0, 1]],
    },
  ];
  for (const { name, yTrue, yPred, nClasses, expected } of cases) {
    await t.step(name, () => assertEquals(confusionMatrix(yTrue, yPred, { nClasses }), expected));
  }
});

Deno.test("confusionMatrix() accepts typed arrays", () => {
  assertEquals(
    confusionMatrix(new Int32Array([1, 0]), new Uint8Array([1, 1]), { nClasses: 2 }),
    [[0, 1], [0, 1]],
  );
});

Deno.test("confusionMatrix() rejects bad input", async (t) => {
  const cases: [string, number[], number[], number, string][] = [
    ["nClasses 0", [], [], 0, "nClasses must be a positive integer: current value is 0"],
    ["nClasses 1.5", [], [], 1.5, "nClasses must be a positive integer: current value is 1.5"],
    [
      "lengths differ",
      [0, 1],
      [0],
      2,
      "yPred must have the length of yTrue (2): current value is 1",
    ],
    [
      "index too large",
      [0, 2],
      [0, 1],
      2,
      "yTrue[1] must be an integer in [0, 2): current value is 2",
    ],
    ["negative index", [0], [-1], 2, "yPred[0] must be an integer in [0, 2): current value is -1"],
    [
      "fractional index",
      [0.5],
      [0],
      2,
      "yTrue[0] must be an integer in [0, 2): current value is 0.5",
    ],
  ];
  for (const [name, yTrue, yPred, nClasses, message] of cases) {
    await t.step(name, () => {
      assertThrows(
        () => confusionMatrix(yTrue, yPred, { nClasses }),
        RangeError,
        `Cannot compute confusion matrix as ${message}`,
      );
    });
  }
});
