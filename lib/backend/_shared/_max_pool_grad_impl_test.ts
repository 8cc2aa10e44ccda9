import { assertEquals } from "@std/assert";
import { maxPoolGradAnyWindow } from "./_max_pool_grad_impl.ts";
import { maxPoolGradReference, POOL_TEST_CASES, poolGeometry, withTies } from "./_pool_testing.ts";
import { randomArray } from "./_testing.ts";

Deno.test("maxPoolGradAnyWindow() routes each window's gradient to its first maximum", async (t) => {
  for (const [i, [name, g]] of POOL_TEST_CASES.entries()) {
    for (const ties of [false, true]) {
      await t.step(`${name}${ties ? ", with ties" : ""}`, () => {
        const noise = randomArray(g.batchSize * g.inHeight * g.inWidth * g.channels, i, -2, 2);
        const x = ties ? withTies(noise.map((v) => v / 2)) : noise;
        const dy = randomArray(g.batchSize * g.outHeight * g.outWidth * g.channels, 10 + i);
        const expected = maxPoolGradReference(dy, x, g);
        const dx = new Float32Array(x.length).fill(NaN);
        maxPoolGradAnyWindow(dy, x, g, dx);
        assertEquals(Array.from(dx), Array.from(expected));
        // The same result image by image, as the native backend's threads split it.
        const parts = new Float32Array(x.length).fill(NaN);
        for (let b = 0; b < g.batchSize; b++) maxPoolGradAnyWindow(dy, x, g, parts, b, b + 1);
        assertEquals(Array.from(parts), Array.from(expected));
      });
    }
  }
  await t.step("a window of NaN gets no gradient", () => {
    const dx = new Float32Array(4);
    maxPoolGradAnyWindow(
      new Float32Array([5]),
      new Float32Array([NaN, NaN, NaN, NaN]),
      poolGeometry([1, 2, 2, 1], 2, 2),
      dx,
    );
    assertEquals(Array.from(dx), [0, 0, 0, 0]);
  });
});
