import { assertEquals } from "@std/assert";
import { quantileSorted, scoreCounts } from "./_scores.ts";

Deno.test("quantileSorted() interpolates linearly as NumPy", async (t) => {
  const values = [1, 2, 3, 4];
  for (
    const [q, expected] of [[0, 1], [0.25, 1.75], [0.5, 2.5], [0.975, 3.925], [1, 4]] as const
  ) {
    await t.step(`q = ${q}`, () => {
      assertEquals(Math.round(quantileSorted(values, 4, q) * 1e12) / 1e12, expected);
    });
  }
  await t.step("only the first length values count", () => {
    assertEquals(quantileSorted([1, 3, NaN], 2, 0.5), 2);
  });
  await t.step("no values give NaN", () => assertEquals(quantileSorted([], 0, 0.5), NaN));
});

Deno.test("scoreCounts() skips excluded classes and NaN values in macro averages", () => {
  // Class 0: tp 1 of 2 true, 1 predicted; class 1: none; class 2: 0 of 0 true, 1 predicted.
  const out = new Float64Array(5);
  scoreCounts([1, 0, 0], [2, 0, 0], [1, 0, 1], NaN, out);
  // precision: [1, NaN, 0]; recall: [0.5, NaN, NaN]; f1: [2/3, NaN, 0]
  assertEquals([...out], [0.5, 0.5, 0.5, (2 / 3 + 0) / 2, 0.5]);
  scoreCounts([1, 0, 0], [2, 0, 0], [1, 0, 1], 0, out, new Uint8Array([1, 0, 1]));
  assertEquals([...out], [0.5, 0.5, 0.25, (2 / 3 + 0) / 2, 0.5]);
});
