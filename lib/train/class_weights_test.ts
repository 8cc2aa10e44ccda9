import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { balancedClassWeights } from "./class_weights.ts";

Deno.test("balancedClassWeights() gives neutral twice the weight of the other RAVDESS emotions", () => {
  // RAVDESS: 96 neutral and 192 of each other emotion in 1440 clips (60 per actor, 24 actors).
  const labels = [
    ...Array(96).fill(0),
    ...[1, 2, 3, 4, 5, 6, 7].flatMap((c) => Array(192).fill(c)),
  ];
  const weights = balancedClassWeights(labels, 8);
  assertAlmostEquals(weights[0], 1440 / (8 * 96));
  assertAlmostEquals(weights[0] / weights[1], 2);
  // Weighted examples still total n.
  const total = labels.reduce((s, c) => s + weights[c], 0);
  assertAlmostEquals(total, labels.length);
});

Deno.test("balancedClassWeights() edge cases", async (t) => {
  await t.step("an absent class weighs 0", () => {
    assertEquals(balancedClassWeights([0, 0, 2], 3), [0.75, 0, 1.5]);
  });
  await t.step("empty labels are refused", () => {
    assertThrows(() => balancedClassWeights([], 8), RangeError, "must not be empty");
  });
  await t.step("a label outside the classes is refused", () => {
    assertThrows(() => balancedClassWeights([0, 8], 8), RangeError, "current value is 8");
  });
});
