import { assertLessOrEqual } from "@std/assert";
import {
  CONV_TEST_GEOMETRIES,
  describeConv,
  directInputGrad,
  sizeOf,
} from "../../_shared/_conv_testing.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { LOOP_BLAS } from "./_conv_testing.ts";
import { conv2dBackpropInputImpl } from "./_conv2d_backprop_input_impl.ts";
import { SERIAL_ROW_WORK } from "./_conv2d_impl.ts";

Deno.test("conv2dBackpropInputImpl() equals the direct gradient, in one chunk or many", async (t) => {
  for (const [i, g] of CONV_TEST_GEOMETRIES.entries()) {
    const f = randomArray(
      sizeOf([g.filterHeight, g.filterWidth, g.inChannels, g.outChannels]),
      350 + i,
    );
    const dy = randomArray(sizeOf([g.batchSize, g.outHeight, g.outWidth, g.outChannels]), 400 + i);
    const want = directInputGrad(dy, f, g);
    await t.step(describeConv(g), () => {
      for (const chunkFloats of [1 << 21, 1]) {
        // Two lanes: chunks of whole images, as with threads.
        for (const rows of [SERIAL_ROW_WORK, { ...SERIAL_ROW_WORK, lanes: 2 }]) {
          const dx = conv2dBackpropInputImpl(dy, f, g, LOOP_BLAS, { chunkFloats, rows });
          assertLessOrEqual(
            relativeError(dx, want),
            1e-6,
            `chunks of ${chunkFloats}, ${rows.lanes} lanes`,
          );
        }
      }
    });
  }
});
