import { assertEquals, assertThrows } from "@std/assert";
import { conv2dInfoOf, convGeometryOf } from "../../_shared/_conv_geometry.ts";
import { convGradGeometryOf } from "./_conv_info.ts";

Deno.test("convGradGeometryOf() is the forward convolution's geometry with dilation 1", () => {
  const attrs = { strides: 2, pad: "same", dataFormat: "NHWC" } as const;
  const { geometry, info } = convGradGeometryOf("K", [2, 7, 9, 3], [3, 3, 3, 5], attrs);
  assertEquals(geometry, convGeometryOf(conv2dInfoOf([2, 7, 9, 3], [3, 3, 3, 5], attrs)));
  assertEquals([geometry.dilationHeight, geometry.dilationWidth, info.padInfo.bottom], [1, 1, 1]);
  // Even where the attributes carry other dilations.
  const dilated = { ...attrs, dilations: 2 } as typeof attrs;
  assertEquals(convGradGeometryOf("K", [2, 7, 9, 3], [3, 3, 3, 5], dilated).geometry, geometry);
});

Deno.test("convGradGeometryOf() rejects NCHW data with the attribute named", () => {
  assertThrows(
    () =>
      convGradGeometryOf("Conv2DBackpropFilter", [1, 3, 4, 4], [3, 3, 3, 2], {
        strides: 1,
        pad: "same",
        dataFormat: "NCHW",
      }),
    Error,
    "Cannot run Conv2DBackpropFilter on wasm as dataFormat must be NHWC: current value is NCHW",
  );
});
