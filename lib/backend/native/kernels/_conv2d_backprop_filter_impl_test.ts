import { assertLessOrEqual } from "@std/assert";
import { randomValues, relErr } from "../_testing.ts";
import { directConvGrads, GEOMETRIES, LOOP_BLAS } from "./_conv_testing.ts";
import { conv2dImpl } from "./_conv2d_impl.ts";
import { conv2dBackpropFilterImpl } from "./_conv2d_backprop_filter_impl.ts";

Deno.test("conv2dBackpropFilterImpl() equals the direct gradient, from chunks or kept columns", async (t) => {
  for (const [i, g] of GEOMETRIES.entries()) {
    const x = randomValues(g.batchSize * g.inHeight * g.inWidth * g.inChannels, 100 + i);
    const f = randomValues(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels, 150 + i);
    const dy = randomValues(g.batchSize * g.outHeight * g.outWidth * g.outChannels, 200 + i);
    const { dw: want } = directConvGrads(x, f, dy, g);
    await t.step(`geometry ${i}`, () => {
      for (const chunkFloats of [1 << 21, 1]) {
        const dw = conv2dBackpropFilterImpl(x, dy, g, LOOP_BLAS, { chunkFloats });
        assertLessOrEqual(relErr(dw, want), 1e-6, `chunks of ${chunkFloats}`);
      }
      const { cols } = conv2dImpl(x, f, g, LOOP_BLAS, { keepCols: true });
      const dw = conv2dBackpropFilterImpl(x, dy, g, LOOP_BLAS, { cols });
      assertLessOrEqual(relErr(dw, want), 1e-6, "kept columns");
    });
  }
});
