import { assertEquals } from "@std/assert";
import { randomValues } from "../_testing.ts";
import { maxPoolGradImpl, maxPoolImpl, type PoolGeometry } from "./_max_pool_impl.ts";

function pool(
  [batch, h, w, c]: number[],
  size: number,
  stride: number,
  pad: [number, number] = [0, 0],
  out?: [number, number],
): PoolGeometry {
  const [oh, ow] = out ??
    [Math.floor((h - size) / stride) + 1, Math.floor((w - size) / stride) + 1];
  return {
    batchSize: batch,
    inHeight: h,
    inWidth: w,
    channels: c,
    outHeight: oh,
    outWidth: ow,
    filterHeight: size,
    filterWidth: size,
    strideHeight: stride,
    strideWidth: stride,
    padTop: pad[0],
    padLeft: pad[1],
  };
}

/** Max and first arg-max of every window, by definition. */
function reference(x: Float32Array, g: PoolGeometry) {
  const y = new Float32Array(g.batchSize * g.outHeight * g.outWidth * g.channels);
  const at = new Int32Array(y.length).fill(-1);
  let o = 0;
  for (let b = 0; b < g.batchSize; b++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) {
        for (let c = 0; c < g.channels; c++, o++) {
          let best = -Infinity;
          for (let kh = 0; kh < g.filterHeight; kh++) {
            for (let kw = 0; kw < g.filterWidth; kw++) {
              const ih = oh * g.strideHeight - g.padTop + kh,
                iw = ow * g.strideWidth - g.padLeft + kw;
              if (ih < 0 || iw < 0 || ih >= g.inHeight || iw >= g.inWidth) continue;
              const i = ((b * g.inHeight + ih) * g.inWidth + iw) * g.channels + c;
              if (x[i] > best) (best = x[i], at[o] = i);
            }
          }
          y[o] = best;
        }
      }
    }
  }
  return { y, at };
}

const CASES: [string, PoolGeometry][] = [
  ["2×2 stride 2, even", pool([2, 8, 10, 3], 2, 2)],
  ["2×2 stride 2, odd height and width", pool([2, 9, 7, 3], 2, 2)],
  ["3×3 stride 2 same", pool([1, 9, 7, 4], 3, 2, [1, 1], [5, 4])],
  ["3×3 stride 1 valid (overlapping)", pool([2, 7, 9, 2], 3, 1)],
];

Deno.test("maxPoolImpl() and maxPoolGradImpl() follow the definition, ties to the first maximum", async (t) => {
  for (const [i, [name, g]] of CASES.entries()) {
    await t.step(name, () => {
      const n = g.batchSize * g.inHeight * g.inWidth * g.channels;
      // Values in {-1, 0, 1}, half negative zeros among the zeros: many ties.
      const x = randomValues(n, 10 + i).map((v) => Math.round(v) || (v < 0 ? -0 : 0));
      const { y: want, at } = reference(x, g);
      const y = new Float32Array(want.length);
      maxPoolImpl(x, g, y);
      assertEquals(Array.from(y), Array.from(want));
      const dy = randomValues(want.length, 20 + i);
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
