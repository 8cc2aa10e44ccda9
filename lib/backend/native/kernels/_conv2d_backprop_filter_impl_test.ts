import { assertLessOrEqual } from "@std/assert";
import {
  CONV_TEST_GEOMETRIES,
  describeConv,
  directFilterGrad,
  sizeOf,
} from "../../_shared/_conv_testing.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { LOOP_BLAS } from "./_conv_testing.ts";
import { conv2dBackpropFilterImpl } from "./_conv2d_backprop_filter_impl.ts";

Deno.test("conv2dBackpropFilterImpl() equals the direct gradient, in one chunk or many", async (t) => {
  for (const [i, g] of CONV_TEST_GEOMETRIES.entries()) {
    const x = randomArray(sizeOf([g.batchSize, g.inHeight, g.inWidth, g.inChannels]), 100 + i);
    const dy = randomArray(sizeOf([g.batchSize, g.outHeight, g.outWidth, g.outChannels]), 200 + i);
    const want = directFilterGrad(x, dy, g);
    await t.step(describeConv(g), () => {
      for (const chunkFloats of [1 << 21, 1]) {
        const dw = conv2dBackpropFilterImpl(x, dy, g, LOOP_BLAS, { chunkFloats });
        assertLessOrEqual(relativeError(dw, want), 1e-6, `chunks of ${chunkFloats}`);
      }
    });
  }
});
