import { assertEquals, assertLessOrEqual } from "@std/assert";
import {
  CONV_TEST_GEOMETRIES,
  convGeometry,
  describeConv,
  directConv,
  directFilterGrad,
  directInputGrad,
  dot,
  paddedConvGeometry,
  sizeOf,
} from "./_conv_testing.ts";
import { randomArray, relativeError } from "./_testing.ts";
import { conv2dInfoOf, convGeometryOf } from "./_conv_geometry.ts";

Deno.test("convGeometry() and paddedConvGeometry() agree with tfjs's conv info", () => {
  assertEquals(
    convGeometry([3, 11, 8, 2], [3, 3, 5], [2, 2], "same"),
    convGeometryOf(conv2dInfoOf([3, 11, 8, 2], [3, 3, 2, 5], { strides: 2, pad: "same" })),
  );
  assertEquals(
    convGeometry([2, 13, 12, 2], [3, 3, 3], [1, 1], "same", [2, 2]),
    convGeometryOf(
      conv2dInfoOf([2, 13, 12, 2], [3, 3, 2, 3], { strides: 1, pad: "same", dilations: 2 }),
    ),
  );
  assertEquals(
    paddedConvGeometry([1, 8, 7, 2], [5, 5, 3], [3, 3], [1, 2, 2, 0]),
    convGeometryOf(
      conv2dInfoOf([1, 8, 7, 2], [5, 5, 2, 3], {
        strides: 3,
        pad: [[0, 0], [1, 2], [2, 0], [0, 0]],
      }),
    ),
  );
});

Deno.test("directConv() sums each output's window", () => {
  // One 3×3 image of ones, a 2×2 filter of ones, 'valid': every output is 4.
  const g = paddedConvGeometry([1, 3, 3, 1], [2, 2, 1], [1, 1], [0, 0]);
  assertEquals(Array.from(directConv(new Float32Array(9).fill(1), [1, 1, 1, 1], g)), [4, 4, 4, 4]);
});

Deno.test("directFilterGrad() and directInputGrad() are the derivatives of ⟨dy, x ⊛ w⟩", async (t) => {
  for (const [i, g] of CONV_TEST_GEOMETRIES.entries()) {
    await t.step(describeConv(g), () => {
      const xShape = [g.batchSize, g.inHeight, g.inWidth, g.inChannels];
      const wShape = [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels];
      const x = randomArray(sizeOf(xShape), i);
      const w = randomArray(sizeOf(wShape), 20 + i);
      const dy = randomArray(sizeOf([g.batchSize, g.outHeight, g.outWidth, g.outChannels]), 50 + i);
      // The loss is linear in each of x and w, so its derivative along a
      // basis vector is its value there.
      const basis = (n: number, j: number) => {
        const e = new Float32Array(n);
        e[j] = 1;
        return e;
      };
      const dw = directFilterGrad(x, dy, g);
      const dwWant = dw.map((_, j) => dot(dy, directConv(x, basis(dw.length, j), g)));
      assertLessOrEqual(relativeError(dw, dwWant), 1e-6);
      const dx = directInputGrad(dy, w, g);
      const dxWant = dx.map((_, j) => dot(dy, directConv(basis(dx.length, j), w, g)));
      assertLessOrEqual(relativeError(dx, dxWant), 1e-6);
    });
  }
});
