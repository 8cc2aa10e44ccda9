import { assertLessOrEqual } from "@std/assert";
import { randomArray, relativeError } from "../_testing.ts";
import {
  col2imAdd,
  conv2dBackpropInputReference,
  rotateFilterForInputGradient,
  transposeFilter,
} from "./_conv2d_backprop_input_impl.ts";
import { convolve, describe, dot, geometry, TEST_GEOMETRIES } from "./_conv_testing.ts";

function size(...dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

Deno.test("conv2dBackpropInputReference() is the derivative of ⟨dy, x ⊛ w⟩", async (t) => {
  for (const [i, g] of TEST_GEOMETRIES.entries()) {
    await t.step(describe(g), () => {
      const w = randomArray(size(g.filterHeight, g.filterWidth, g.inChannels, g.outChannels), i);
      const dy = randomArray(size(g.batch, g.outHeight, g.outWidth, g.outChannels), 50 + i);
      const dx = conv2dBackpropInputReference(dy, w, g);
      const expected = dx.map((_, j) => {
        const basis = new Float32Array(dx.length);
        basis[j] = 1;
        return dot(dy, convolve(basis, w, g));
      });
      assertLessOrEqual(relativeError(dx, expected), 1e-6);
    });
  }
});

Deno.test("col2imAdd() of dy · wᵀ gives the input gradient", async (t) => {
  for (const [i, g] of TEST_GEOMETRIES.entries()) {
    await t.step(describe(g), () => {
      const w = randomArray(size(g.filterHeight, g.filterWidth, g.inChannels, g.outChannels), i);
      const dy = randomArray(size(g.batch, g.outHeight, g.outWidth, g.outChannels), 50 + i);
      const taps = g.filterHeight * g.filterWidth * g.inChannels;
      const wt = new Float32Array(w.length);
      transposeFilter(w, taps, g.outChannels, wt);
      const positions = g.batch * g.outHeight * g.outWidth;
      const dcols = new Float32Array(positions * taps);
      for (let p = 0; p < positions; p++) {
        for (let k = 0; k < taps; k++) {
          let s = 0;
          for (let co = 0; co < g.outChannels; co++) {
            s += dy[p * g.outChannels + co] * wt[co * taps + k];
          }
          dcols[p * taps + k] = s;
        }
      }
      const dx = new Float32Array(size(g.batch, g.inHeight, g.inWidth, g.inChannels));
      col2imAdd(dcols, g, 0, g.batch, dx);
      assertLessOrEqual(relativeError(dx, conv2dBackpropInputReference(dy, w, g)), 1e-5);
    });
  }
});

Deno.test("rotateFilterForInputGradient() turns the gradient into a stride-1 convolution", async (t) => {
  const cases = [
    geometry(2, 5, 6, 3, 4, 3, 3, 1, 1, 1, 1),
    geometry(1, 6, 5, 2, 3, 3, 3, 1, 1, 0, 0),
    geometry(1, 6, 7, 4, 2, 2, 3, 1, 1, 0, 2, 1, 0),
  ];
  for (const [i, g] of cases.entries()) {
    await t.step(describe(g), () => {
      const w = randomArray(size(g.filterHeight, g.filterWidth, g.inChannels, g.outChannels), i);
      const dy = randomArray(size(g.batch, g.outHeight, g.outWidth, g.outChannels), 50 + i);
      const rotated = new Float32Array(w.length);
      rotateFilterForInputGradient(w, g, rotated);
      const padBottom = (g.outHeight - 1) + g.filterHeight - g.inHeight - g.padTop;
      const padRight = (g.outWidth - 1) + g.filterWidth - g.inWidth - g.padLeft;
      const back = geometry(
        g.batch,
        g.outHeight,
        g.outWidth,
        g.outChannels,
        g.inChannels,
        g.filterHeight,
        g.filterWidth,
        1,
        1,
        g.filterHeight - 1 - g.padTop,
        g.filterWidth - 1 - g.padLeft,
        g.filterHeight - 1 - padBottom,
        g.filterWidth - 1 - padRight,
      );
      const dx = convolve(dy, rotated, back);
      assertLessOrEqual(relativeError(dx, conv2dBackpropInputReference(dy, w, g)), 1e-5);
    });
  }
});
