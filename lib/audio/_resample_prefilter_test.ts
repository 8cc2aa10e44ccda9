import { assertEquals, assertLessOrEqual } from "@std/assert";
import { kaiserLowpass } from "./_resample_design.ts";
import { FftFilter } from "./_resample_prefilter.ts";

/** A reproducible signal in [−0.5, 0.5). */
function noise(length: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647 - 0.5;
  });
}

/** y[m] = Σⱼ h[j]·u[m + c − j] in float64, u the zero-stuffed x: the definition. */
function directFilter(
  x: Float32Array,
  h: Float64Array,
  upFactor: number,
  start: number,
  count: number,
): Float64Array {
  const half = (h.length - 1) / 2;
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let j = 0; j < h.length; j++) {
      const q = start + i + half - j;
      if (q >= 0 && q % upFactor === 0 && q / upFactor < x.length) sum += h[j] * x[q / upFactor];
    }
    y[i] = sum;
  }
  return y;
}

Deno.test("FftFilter.apply() equals direct convolution across blocks and edges", async (t) => {
  const h = kaiserLowpass(101, 0.2, 10, 1);
  const filter = new FftFilter(h);
  assertEquals(filter.size, 1024);
  const x = noise(5000, 7);
  for (const upFactor of [1, 2]) {
    // From before the signal to past its end, over several FFT blocks.
    const start = -80;
    const count = upFactor * x.length + 160;
    await t.step(`upFactor ${upFactor}`, () => {
      const out = new Float32Array(count + 3);
      filter.apply(x, upFactor, start, out, 3, count);
      const expected = directFilter(x, h, upFactor, start, count);
      let max = 0;
      for (let i = 0; i < count; i++) max = Math.max(max, Math.abs(out[3 + i] - expected[i]));
      assertLessOrEqual(max, 2e-6, `max |fft − direct| ${max}`);
    });
  }
  filter.dispose();
});
