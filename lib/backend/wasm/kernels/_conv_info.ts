/**
 * Turns tfjs conv attributes into a {@linkcode ConvGeometry}, rejecting what
 * the wasm training kernels do not implement with an error that names the
 * attribute and its value.
 *
 * @module
 */
import { backend_util } from "@tensorflow/tfjs";
import type { ConvGeometry } from "./_conv_geometry.ts";

/** The attributes shared by the conv gradient kernels. */
export interface ConvGradAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * The geometry of the forward convolution `x (inShape) ⊛ filter (filterShape)`.
 *
 * @param kernel Kernel name, for error messages.
 * @param inShape Forward input shape `[batch, height, width, inChannels]`.
 * @param filterShape Filter shape `[filterHeight, filterWidth, inChannels, outChannels]`.
 * @param attrs The kernel's attributes.
 * @returns The geometry and tfjs's conv info (whose `padInfo` has all four pads).
 */
export function convGeometryOf(
  kernel: string,
  inShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: ConvGradAttrs,
): { geometry: ConvGeometry; info: backend_util.Conv2DInfo } {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== "NHWC") {
    throw new Error(
      `Cannot run ${kernel} on wasm as dataFormat must be NHWC: current value is ${attrs.dataFormat}`,
    );
  }
  const info = backend_util.computeConv2DInfo(
    inShape,
    filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
  const geometry: ConvGeometry = {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
  return { geometry, info };
}
