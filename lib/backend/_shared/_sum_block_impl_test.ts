import { assertAlmostEquals, assertEquals } from "@std/assert";
import { columnSumsImpl, sumBlockImpl } from "./_sum_block_impl.ts";

Deno.test("sumBlockImpl() sums the middle of [outer, reduce, inner], scaled, on a range of outer", () => {
  const x = Float32Array.from({ length: 24 }, (_, i) => i);
  const out = new Float32Array(2 * 3);
  sumBlockImpl(x, 2, 4, 3, out);
  assertEquals(Array.from(out), [18, 22, 26, 66, 70, 74]);
  const mean = new Float32Array(6).fill(-1);
  sumBlockImpl(x, 2, 4, 3, mean, 0.25, 1, 2);
  assertEquals(Array.from(mean), [-1, -1, -1, 16.5, 17.5, 18.5]);
  const flat = new Float32Array(4);
  sumBlockImpl(x, 4, 6, 1, flat);
  assertEquals(Array.from(flat), [15, 51, 87, 123]);
});

Deno.test("sumBlockImpl() sums each trailing position over the leading rows", () => {
  const out = new Float32Array(3);
  sumBlockImpl(new Float32Array([1, 2, 3, 10, 20, 30]), 1, 2, 3, out);
  assertEquals(Array.from(out), [11, 22, 33]);
  sumBlockImpl(new Float32Array([1, 2, 3, 10, 20, 30]), 1, 2, 3, out, 0.5);
  assertEquals(Array.from(out), [5.5, 11, 16.5]);
});

Deno.test("sumBlockImpl() accumulates in float64", async (t) => {
  // 2^24 + many ones: float32 accumulation would stall at 16777216.
  const ones = new Float32Array(1001).fill(1);
  ones[0] = 16777216;
  for (const inner of [1, 2]) {
    await t.step(`${inner} kept position(s)`, () => {
      const x = Float32Array.from({ length: 1001 * inner }, (_, i) => ones[Math.floor(i / inner)]);
      const out = new Float32Array(inner);
      sumBlockImpl(x, 1, 1001, inner, out);
      for (const v of out) assertAlmostEquals(v, 16777216 + 1000, 2);
    });
  }
});

Deno.test("columnSumsImpl() adds rows [r0, r1) into a float64 accumulator", () => {
  const x = Float32Array.from({ length: 12 }, (_, i) => i);
  const acc = new Float64Array(3).fill(1);
  columnSumsImpl(x, 3, 1, 3, acc);
  assertEquals(Array.from(acc), [1 + 3 + 6, 1 + 4 + 7, 1 + 5 + 8]);
});
