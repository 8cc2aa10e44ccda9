import { assertAlmostEquals, assertEquals } from "@std/assert";
import { sumLeadingAxes } from "./_reduce_impl.ts";

Deno.test("sumLeadingAxes() sums each trailing position over the leading rows", () => {
  const out = new Float32Array(3);
  sumLeadingAxes(new Float32Array([1, 2, 3, 10, 20, 30]), 3, 1, out);
  assertEquals(Array.from(out), [11, 22, 33]);
  sumLeadingAxes(new Float32Array([1, 2, 3, 10, 20, 30]), 3, 0.5, out);
  assertEquals(Array.from(out), [5.5, 11, 16.5]);
});

Deno.test("sumLeadingAxes() accumulates in float64", () => {
  // 2^24 + many ones: float32 accumulation would stall at 16777216.
  const x = new Float32Array(1001).fill(1);
  x[0] = 16777216;
  const out = new Float32Array(1);
  sumLeadingAxes(x, 1, 1, out);
  assertAlmostEquals(out[0], 16777216 + 1000, 2);
});
