import { assertAlmostEquals, assertEquals } from "@std/assert";
import {
  batchMomentsReference,
  batchNormNumericGradients,
  batchNormReference,
} from "./_batch_norm_testing.ts";

Deno.test("batchMomentsReference() and batchNormReference() follow the definition", () => {
  const x = [1, 10, 3, 30];
  const { mean, variance } = batchMomentsReference(x, 2);
  assertEquals([...mean, ...variance], [2, 20, 1, 100]);
  const y = batchNormReference(x, [2, 1], [0, 5], 0);
  assertEquals(Array.from(y), [-2, 4, 2, 6]);
});

Deno.test("batchNormNumericGradients() gives dOffset = Σw and no dx for constant weights", () => {
  const w = [1, 2, 1, 2, 1, 2];
  const { dx, dOffset } = batchNormNumericGradients(w, [1, 4, 2, 5, 6, 9], [1, 1], [0, 0], 1e-3);
  assertAlmostEquals(dOffset[0], 3, 1e-6);
  assertAlmostEquals(dOffset[1], 6, 1e-6);
  for (const v of dx) assertAlmostEquals(v, 0, 1e-6);
});
