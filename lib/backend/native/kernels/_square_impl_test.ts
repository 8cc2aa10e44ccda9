import { assertEquals } from "@std/assert";
import { squareImpl } from "./_square_impl.ts";

Deno.test("squareImpl() squares a range in float32", () => {
  const x = Float32Array.from([3, -1.5, 0.1, -0]);
  const y = new Float32Array(4).fill(7);
  squareImpl(x, y, 1, 4);
  assertEquals(Array.from(y), [7, 2.25, Math.fround(Math.fround(0.1) * Math.fround(0.1)), 0]);
});
