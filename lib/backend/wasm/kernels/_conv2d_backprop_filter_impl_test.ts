import { assertLessOrEqual } from "@std/assert";
import { randomArray, relativeError } from "../_testing.ts";
import { conv2dBackpropFilterReference, im2colTransposed } from "./_conv2d_backprop_filter_impl.ts";
import { convolve, describe, dot, TEST_GEOMETRIES } from "./_conv_testing.ts";

function size(...dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

Deno.test("conv2dBackpropFilterReference() is the derivative of ⟨dy, x ⊛ w⟩", async (t) => {
  for (const [i, g] of TEST_GEOMETRIES.entries()) {
    await t.step(describe(g), () => {
      const x = randomArray(size(g.batch, g.inHeight, g.inWidth, g.inChannels), i);
      const dy = randomArray(size(g.batch, g.outHeight, g.outWidth, g.outChannels), 50 + i);
      const dw = conv2dBackpropFilterReference(x, dy, g);
      // The loss is linear in w, so its derivative along w_j is its value at e_j.
      const expected = dw.map((_, j) => {
        const basis = new Float32Array(dw.length);
        basis[j] = 1;
        return dot(dy, convolve(x, basis, g));
      });
      assertLessOrEqual(relativeError(dw, expected), 1e-6);
    });
  }
});

Deno.test("im2colTransposed() chunks times dy give the filter gradient", async (t) => {
  for (const [i, g] of TEST_GEOMETRIES.entries()) {
    await t.step(describe(g), () => {
      const x = randomArray(size(g.batch, g.inHeight, g.inWidth, g.inChannels), i);
      const dy = randomArray(size(g.batch, g.outHeight, g.outWidth, g.outChannels), 50 + i);
      const taps = g.filterHeight * g.filterWidth * g.inChannels;
      const perImage = g.outHeight * g.outWidth;
      const dw = new Float64Array(taps * g.outChannels);
      // One image per chunk, as the kernel does for large images.
      for (let n = 0; n < g.batch; n++) {
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
      assertLessOrEqual(relativeError(dw, conv2dBackpropFilterReference(x, dy, g)), 1e-6);
    });
  }
});
