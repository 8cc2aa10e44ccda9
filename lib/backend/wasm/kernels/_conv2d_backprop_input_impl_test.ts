import { assertLessOrEqual } from "@std/assert";
import {
  CONV_TEST_GEOMETRIES,
  describeConv,
  directConv,
  directInputGrad,
  paddedConvGeometry,
  sizeOf,
} from "../../_shared/_conv_testing.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import {
  col2imAdd,
  rotateFilterForInputGradient,
  transposeFilter,
} from "./_conv2d_backprop_input_impl.ts";

/** The wasm gradient kernels implement dilation 1 only. */
const GEOMETRIES = CONV_TEST_GEOMETRIES.filter((g) => g.dilationHeight === 1);

Deno.test("col2imAdd() of dy · wᵀ gives the input gradient", async (t) => {
  for (const [i, g] of GEOMETRIES.entries()) {
    await t.step(describeConv(g), () => {
      const w = randomArray(
        sizeOf([g.filterHeight, g.filterWidth, g.inChannels, g.outChannels]),
        i,
      );
      const dy = randomArray(sizeOf([g.batchSize, g.outHeight, g.outWidth, g.outChannels]), 50 + i);
      const taps = g.filterHeight * g.filterWidth * g.inChannels;
      const wt = new Float32Array(w.length);
      transposeFilter(w, taps, g.outChannels, wt);
      const positions = g.batchSize * g.outHeight * g.outWidth;
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
      const dx = new Float32Array(sizeOf([g.batchSize, g.inHeight, g.inWidth, g.inChannels]));
      col2imAdd(dcols, g, 0, g.batchSize, dx);
      assertLessOrEqual(relativeError(dx, directInputGrad(dy, w, g)), 1e-5);
    });
  }
});

Deno.test("rotateFilterForInputGradient() turns the gradient into a stride-1 convolution", async (t) => {
  const cases = [
    paddedConvGeometry([2, 5, 6, 3], [3, 3, 4], [1, 1], [1, 1]),
    paddedConvGeometry([1, 6, 5, 2], [3, 3, 3], [1, 1], [0, 0]),
    paddedConvGeometry([1, 6, 7, 4], [2, 3, 2], [1, 1], [0, 2, 1, 0]),
  ];
  for (const [i, g] of cases.entries()) {
    await t.step(describeConv(g), () => {
      const w = randomArray(
        sizeOf([g.filterHeight, g.filterWidth, g.inChannels, g.outChannels]),
        i,
      );
      const dy = randomArray(sizeOf([g.batchSize, g.outHeight, g.outWidth, g.outChannels]), 50 + i);
      const rotated = new Float32Array(w.length);
      rotateFilterForInputGradient(w, g, rotated);
      const padBottom = (g.outHeight - 1) + g.filterHeight - g.inHeight - g.padTop;
      const padRight = (g.outWidth - 1) + g.filterWidth - g.inWidth - g.padLeft;
      const back = paddedConvGeometry(
        [g.batchSize, g.outHeight, g.outWidth, g.outChannels],
        [g.filterHeight, g.filterWidth, g.inChannels],
        [1, 1],
        [
          g.filterHeight - 1 - g.padTop,
          g.filterWidth - 1 - g.padLeft,
          g.filterHeight - 1 - padBottom,
          g.filterWidth - 1 - padRight,
        ],
      );
      const dx = directConv(dy, rotated, back);
      assertLessOrEqual(relativeError(dx, directInputGrad(dy, w, g)), 1e-5);
    });
  }
});
