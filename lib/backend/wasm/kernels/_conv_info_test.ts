import { assertEquals, assertThrows } from "@std/assert";
import { convGeometryOf } from "./_conv_info.ts";

Deno.test("convGeometryOf() reads sizes, strides and leading pads", () => {
  const { geometry, info } = convGeometryOf("K", [2, 7, 9, 3], [3, 3, 3, 5], {
    strides: 2,
    pad: "same",
    dataFormat: "NHWC",
  });
  assertEquals(geometry, {
    batch: 2,
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
    padTop: 1,
    padLeft: 1,
  });
  assertEquals(info.padInfo.bottom, 1);
});

Deno.test("convGeometryOf() rejects NCHW data with the attribute named", () => {
  assertThrows(
    () =>
      convGeometryOf("Conv2DBackpropFilter", [1, 3, 4, 4], [3, 3, 3, 2], {
        strides: 1,
        pad: "same",
        dataFormat: "NCHW",
      }),
    Error,
    "Cannot run Conv2DBackpropFilter on wasm as dataFormat must be NHWC: current value is NCHW",
  );
});
