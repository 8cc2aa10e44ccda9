import { assertEquals } from "@std/assert";
import { conv2dInfoOf, convGeometryOf, tapOutputRange } from "./_conv_geometry.ts";

Deno.test("convGeometryOf() reads sizes, strides, dilations and leading pads", () => {
  const info = conv2dInfoOf([2, 7, 9, 3], [3, 3, 3, 5], { strides: 2, pad: "same" });
  assertEquals(convGeometryOf(info), {
    batchSize: 2,
    inHeight: 7,
    inWidth: 9,
    inChannels: 3,
    outHeight: 4,
    outWidth: 5,
    outChannels: 5,
    filterHeight: 3,
    filterWidth: 3,
    strideHeight: 2,
    strideWidth: 2,
    dilationHeight: 1,
    dilationWidth: 1,
    padTop: 1,
    padLeft: 1,
  });
  assertEquals(info.padInfo.bottom, 1);
});

Deno.test("conv2dInfoOf() passes dilations and explicit padding on", () => {
  const dilated = conv2dInfoOf([1, 13, 12, 2], [3, 3, 2, 3], {
    strides: 1,
    pad: "same",
    dilations: 2,
  });
  assertEquals([dilated.dilationHeight, dilated.padInfo.top, dilated.outHeight], [2, 2, 13]);
  const explicit = conv2dInfoOf([2, 10, 9, 8], [5, 5, 8, 4], {
    strides: 3,
    pad: [[0, 0], [1, 2], [2, 0], [0, 0]],
  });
  assertEquals(explicit.padInfo, { top: 1, bottom: 2, left: 2, right: 0, type: "EXPLICIT" });
  assertEquals(explicit.outShape, [2, 3, 3, 4]);
});

Deno.test("tapOutputRange() holds exactly the outputs whose tap is inside the input", async (t) => {
  for (
    const [outSize, stride, pad, inSize] of [[5, 1, 1, 5], [4, 2, 1, 7], [3, 3, 2, 8], [1, 1, 0, 1]]
  ) {
    for (let offset = 0; offset < 6; offset++) {
      await t.step(
        `out ${outSize} stride ${stride} pad ${pad} in ${inSize} offset ${offset}`,
        () => {
          const inside = Array.from({ length: outSize }, (_, o) => o).filter((o) => {
            const i = o * stride + offset - pad;
            return i >= 0 && i < inSize;
          });
          const [lo, hi] = tapOutputRange(outSize, stride, pad, offset, inSize);
          assertEquals(Array.from({ length: hi - lo }, (_, k) => lo + k), inside);
        },
      );
    }
  }
});
