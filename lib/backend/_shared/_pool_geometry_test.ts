import { assert, assertEquals } from "@std/assert";
import { isPlain2x2Pool, poolGeometryOf } from "./_pool_geometry.ts";

Deno.test("poolGeometryOf() reads sizes, window, strides and leading pads", () => {
  assertEquals(poolGeometryOf([2, 9, 7, 4], { filterSize: 3, strides: 2, pad: "same" }), {
    batchSize: 2,
    inHeight: 9,
    inWidth: 7,
    outHeight: 5,
    outWidth: 4,
    filterHeight: 3,
    filterWidth: 3,
    strideHeight: 2,
    strideWidth: 2,
    padTop: 1,
    padLeft: 1,
    channels: 4,
  });
});

Deno.test("isPlain2x2Pool() accepts only disjoint 2×2 windows inside the input", async (t) => {
  const cases: [string, number[], number, number, "same" | "valid", boolean][] = [
    ["2×2/2 valid, even", [2, 8, 6, 4], 2, 2, "valid", true],
    ["2×2/2 valid, odd", [2, 9, 7, 4], 2, 2, "valid", true],
    ["2×2/2 same, even", [2, 8, 6, 4], 2, 2, "same", true],
    ["2×2/2 same, odd (padded below and right)", [2, 9, 7, 4], 2, 2, "same", false],
    ["3×3/2", [2, 9, 7, 4], 3, 2, "valid", false],
    ["2×2/1", [2, 9, 7, 4], 2, 1, "valid", false],
  ];
  for (const [name, shape, filterSize, strides, pad, plain] of cases) {
    await t.step(name, () => {
      const g = poolGeometryOf(shape, { filterSize, strides, pad });
      assert(isPlain2x2Pool(g) === plain);
    });
  }
});
