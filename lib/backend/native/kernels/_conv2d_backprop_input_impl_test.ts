import { assertLessOrEqual } from "@std/assert";
import { randomValues, relErr } from "../_testing.ts";
import { directConvGrads, GEOMETRIES, LOOP_BLAS } from "./_conv_testing.ts";
import { conv2dBackpropInputImpl } from "./_conv2d_backprop_input_impl.ts";
import { SERIAL_ROW_WORK } from "./_conv2d_impl.ts";

Deno.test("conv2dBackpropInputImpl() equals the direct gradient, in one chunk or many", async (t) => {
  for (const [i, g] of GEOMETRIES.entries()) {
    const x = randomValues(g.batchSize * g.inHeight * g.inWidth * g.inChannels, 300 + i);
    const f = randomValues(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels, 350 + i);
    const dy = randomValues(g.batchSize * g.outHeight * g.outWidth * g.outChannels, 400 + i);
    const { dx: want } = directConvGrads(x, f, dy, g);
    await t.step(`geometry ${i}`, () => {
      for (const chunkFloats of [1 << 21, 1]) {
        // Two lanes: chunks of whole images, as with threads.
        for (const rows of [SERIAL_ROW_WORK, { ...SERIAL_ROW_WORK, lanes: 2 }]) {
          const dx = conv2dBackpropInputImpl(dy, f, g, LOOP_BLAS, { chunkFloats, rows });
          assertLessOrEqual(
            relErr(dx, want),
            1e-6,
            `chunks of ${chunkFloats}, ${rows.lanes} lanes`,
          );
        }
      }
    });
  }
});
