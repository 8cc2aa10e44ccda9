import { assertEquals, assertLessOrEqual } from "@std/assert";
import {
  CONV_TEST_GEOMETRIES,
  describeConv,
  directFilterGrad,
  paddedConvGeometry,
  sizeOf,
} from "../../_shared/_conv_testing.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { im2colTransposed, padImagesMono } from "./_conv2d_backprop_filter_impl.ts";

/** The wasm gradient kernels implement dilation 1 only. */
const GEOMETRIES = CONV_TEST_GEOMETRIES.filter((g) => g.dilationHeight === 1);

Deno.test("im2colTransposed() chunks times dy give the filter gradient", async (t) => {
  for (const [i, g] of GEOMETRIES.entries()) {
    await t.step(describeConv(g), () => {
      const x = randomArray(sizeOf([g.batchSize, g.inHeight, g.inWidth, g.inChannels]), i);
      const dy = randomArray(sizeOf([g.batchSize, g.outHeight, g.outWidth, g.outChannels]), 50 + i);
      const taps = g.filterHeight * g.filterWidth * g.inChannels;
      const perImage = g.outHeight * g.outWidth;
      const dw = new Float64Array(taps * g.outChannels);
      // One image per chunk, as the kernel does for large images.
      for (let n = 0; n < g.batchSize; n++) {
        const cols = new Float32Array(taps * perImage).fill(NaN);
        im2colTransposed(x, g, n, 1, cols);
        for (let k = 0; k < taps; k++) {
          for (let p = 0; p < perImage; p++) {
            for (let co = 0; co < g.outChannels; co++) {
              dw[k * g.outChannels + co] += cols[k * perImage + p] *
                dy[(n * perImage + p) * g.outChannels + co];
            }
          }
        }
      }
      assertLessOrEqual(relativeError(dw, directFilterGrad(x, dy, g)), 1e-6);
    });
  }
});

Deno.test("padImagesMono() spells out the padding around each one-channel image", () => {
  const g = paddedConvGeometry([2, 2, 3, 1], [3, 3, 4], [1, 1], [1, 1]);
  const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const out = new Float32Array(4 * 5).fill(NaN);
  padImagesMono(x, g, 1, 1, out);
  assertEquals(Array.from(out), [
    ...[0, 0, 0, 0, 0],
    ...[0, 7, 8, 9, 0],
    ...[0, 10, 11, 12, 0],
    ...[0, 0, 0, 0, 0],
  ]);
});
