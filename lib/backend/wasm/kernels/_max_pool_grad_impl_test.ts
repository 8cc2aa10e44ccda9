import { assertEquals } from "@std/assert";
import { randomArray } from "../_testing.ts";
import { maxPoolGradImpl, type PoolGeometry } from "./_max_pool_grad_impl.ts";

function pool(
  [batch, inHeight, inWidth, channels]: number[],
  filter: number,
  stride: number,
  padTop: number,
  padBottom: number,
): PoolGeometry {
  return {
    batch,
    inHeight,
    inWidth,
    channels,
    filterHeight: filter,
    filterWidth: filter,
    strideHeight: stride,
    strideWidth: stride,
    padTop,
    padLeft: padTop,
    outHeight: Math.floor((inHeight + padTop + padBottom - filter) / stride) + 1,
    outWidth: Math.floor((inWidth + padTop + padBottom - filter) / stride) + 1,
  };
}

/** The definition: each window's dy goes to its first strict maximum (row-major). */
function naive(x: Float32Array, dy: Float32Array, g: PoolGeometry): Float32Array {
  const dx = new Float32Array(x.length);
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) {
        for (let c = 0; c < g.channels; c++) {
          let best = -Infinity;
          let at = -1;
          for (let i = 0; i < g.filterHeight; i++) {
            for (let j = 0; j < g.filterWidth; j++) {
              const h = oh * g.strideHeight - g.padTop + i;
              const w = ow * g.strideWidth - g.padLeft + j;
              if (h < 0 || h >= g.inHeight || w < 0 || w >= g.inWidth) continue;
              const k = ((n * g.inHeight + h) * g.inWidth + w) * g.channels + c;
              if (x[k] > best) {
                best = x[k];
                at = k;
              }
            }
          }
          if (at >= 0) dx[at] += dy[((n * g.outHeight + oh) * g.outWidth + ow) * g.channels + c];
        }
      }
    }
  }
  return dx;
}

Deno.test("maxPoolGradImpl() routes each window's gradient to its first maximum", async (t) => {
  const cases: [string, PoolGeometry][] = [
    ["2x2 stride 2, even sizes", pool([2, 6, 8, 3], 2, 2, 0, 0)],
    ["2x2 stride 2, odd sizes", pool([2, 7, 9, 5], 2, 2, 0, 0)],
    ["3x3 stride 2, same padding", pool([1, 7, 9, 2], 3, 2, 1, 1)],
    ["3x3 stride 1, overlapping windows", pool([1, 6, 5, 2], 3, 1, 0, 0)],
  ];
  for (const [i, [name, g]] of cases.entries()) {
    for (const ties of [false, true]) {
      await t.step(`${name}${ties ? ", with ties" : ""}`, () => {
        const raw = randomArray(g.batch * g.inHeight * g.inWidth * g.channels, i, -2, 2);
        // Rounded and clipped at 0 like a ReLU output: many equal maxima.
        const x = ties ? raw.map((v) => Math.max(0, Math.round(v))) : raw;
        const dy = randomArray(g.batch * g.outHeight * g.outWidth * g.channels, 10 + i);
        const dx = new Float32Array(x.length).fill(NaN);
        maxPoolGradImpl(x, dy, g, dx);
        assertEquals(Array.from(dx), Array.from(naive(x, dy, g)));
      });
    }
  }
  await t.step("a window of NaN gets no gradient", () => {
    const g = pool([1, 2, 2, 1], 2, 2, 0, 0);
    const dx = new Float32Array(4);
    maxPoolGradImpl(new Float32Array([NaN, NaN, NaN, NaN]), new Float32Array([5]), g, dx);
    assertEquals(Array.from(dx), [0, 0, 0, 0]);
  });
});
