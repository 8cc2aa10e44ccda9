import { assertEquals } from "@std/assert";
import { floorImpl } from "./_floor_impl.ts";

Deno.test("floorImpl() floors a range", () => {
  const x = Float32Array.from([1.5, -1.5, 2, -0.25]);
  const y = new Float32Array(4).fill(9);
  floorImpl(x, y, 1, 4);
  assertEquals(Array.from(y), [9, -2, 2, -1]);
});
