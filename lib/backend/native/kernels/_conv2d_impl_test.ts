import { assertLessOrEqual } from "@std/assert";
import {
  CONV_TEST_GEOMETRIES,
  describeConv,
  directConv,
  sizeOf,
} from "../../_shared/_conv_testing.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { LOOP_BLAS } from "./_conv_testing.ts";
import { conv2dImpl } from "./_conv2d_impl.ts";

Deno.test("conv2dImpl() equals the direct convolution, in one chunk or many", async (t) => {
  for (const [i, g] of CONV_TEST_GEOMETRIES.entries()) {
    const x = randomArray(sizeOf([g.batchSize, g.inHeight, g.inWidth, g.inChannels]), 1 + i);
    const f = randomArray(
      sizeOf([g.filterHeight, g.filterWidth, g.inChannels, g.outChannels]),
      50 + i,
    );
    const want = directConv(x, f, g);
    for (const chunkFloats of [1 << 21, 1]) {
      await t.step(`${describeConv(g)}, chunks of ${chunkFloats} floats`, () => {
        const y = conv2dImpl(x, f, g, LOOP_BLAS, { chunkFloats });
        assertLessOrEqual(relativeError(y, want), 1e-6);
      });
    }
  }
});

Deno.test("conv2dImpl() adds the bias and applies ReLU", () => {
  const g = CONV_TEST_GEOMETRIES[0];
  const x = randomArray(sizeOf([g.batchSize, g.inHeight, g.inWidth, g.inChannels]), 7);
  const f = randomArray(sizeOf([g.filterHeight, g.filterWidth, g.inChannels, g.outChannels]), 8);
  const bias = randomArray(g.outChannels, 9);
  const plain = directConv(x, f, g);
  const want = plain.map((v, i) => Math.max(v + bias[i % g.outChannels], 0));
  const y = conv2dImpl(x, f, g, LOOP_BLAS, { bias, activation: "relu" });
  assertLessOrEqual(relativeError(y, want), 1e-6);
});
