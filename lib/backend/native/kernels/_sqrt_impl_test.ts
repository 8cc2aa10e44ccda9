import { assertEquals } from "@std/assert";
import { sqrtImpl } from "./_sqrt_impl.ts";

Deno.test("sqrtImpl() takes the square root of a range, NaN below 0", () => {
  const x = Float32Array.from([4, 9, 0.25, -1, 0]);
  const y = new Float32Array(5).fill(7);
  sqrtImpl(x, y, 1, 5);
  assertEquals(Array.from(y), [7, 3, 0.5, NaN, 0]);
});
