import { assertEquals } from "@std/assert";
import { maxPoolReference, POOL_TEST_CASES, withTies } from "../../_shared/_pool_testing.ts";
import { randomArray } from "../../_shared/_testing.ts";
import { maxPoolGradImpl, maxPoolImpl } from "./_max_pool_impl.ts";

Deno.test("maxPoolImpl() and maxPoolGradImpl() follow the definition, ties to the first maximum", async (t) => {
  for (const [i, [name, g]] of POOL_TEST_CASES.entries()) {
    await t.step(name, () => {
      const n = g.batchSize * g.inHeight * g.inWidth * g.channels;
      // Values in {-1, 0, 1}, half negative zeros among the zeros: many ties.
      const x = withTies(randomArray(n, 10 + i));
      const { y: want, at } = maxPoolReference(x, g);
      const y = new Float32Array(want.length);
      maxPoolImpl(x, g, y);
      assertEquals(Array.from(y), Array.from(want));
      const dy = randomArray(want.length, 20 + i);
      const expected = new Float32Array(n);
      at.forEach((j, o) => j >= 0 && (expected[j] += dy[o]));
      for (const withY of [true, false]) {
        const dx = new Float32Array(n).fill(NaN);
        maxPoolGradImpl(dy, x, g, dx, withY ? y : null);
        assertEquals(Array.from(dx), Array.from(expected), `with the forward output: ${withY}`);
      }
      // The same result image by image, as the threads split it.
      const parts = new Float32Array(n).fill(NaN);
      for (let b = 0; b < g.batchSize; b++) maxPoolGradImpl(dy, x, g, parts, y, b, b + 1);
      assertEquals(Array.from(parts), Array.from(expected));
    });
  }
});
