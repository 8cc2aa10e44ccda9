import { assert, assertEquals, assertLessOrEqual } from "@std/assert";
import { dropoutImpl } from "./_dropout_impl.ts";

Deno.test("dropoutImpl() keeps 1 − rate of the elements, scaled by 1/(1 − rate), the same for a seed", () => {
  const n = 100_000, rate = 0.25;
  const x = new Float32Array(n).fill(3);
  const y = new Float32Array(n);
  dropoutImpl(x, rate, 42, y);
  let dropped = 0;
  for (const v of y) {
    if (v === 0) dropped++;
    else assertEquals(v, 4);
  }
  // 6 standard deviations of a Binomial(100 000, 0.25) proportion: ±0.0082.
  assertLessOrEqual(Math.abs(dropped / n - rate), 0.0082);
  // Neighbours are not correlated: runs of drops are as long as chance says.
  let pairs = 0;
  for (let i = 1; i < n; i++) if (y[i] === 0 && y[i - 1] === 0) pairs++;
  assertLessOrEqual(Math.abs(pairs / (n - 1) - rate * rate), 0.01);
  // Same seed, same mask, whatever the split; another seed, another mask.
  const parts = new Float32Array(n);
  dropoutImpl(x, rate, 42, parts, 0, 40_000);
  dropoutImpl(x, rate, 42, parts, 40_000, n);
  assertEquals(parts, y);
  const other = new Float32Array(n);
  dropoutImpl(x, rate, 43, other);
  assert(other.some((v, i) => (v === 0) !== (y[i] === 0)));
});
