/**
 * Turns tfjs conv-gradient attributes into a {@linkcode ConvGeometry},
 * rejecting what the wasm training kernels do not implement with an error
 * that names the attribute and its value.
 *
 * @module
 */
import type { backend_util } from "@tensorflow/tfjs";
import {
  conv2dInfoOf,
  type ConvAttrsLike,
  type ConvGeometry,
  convGeometryOf,
} from "../../_shared/_conv_geometry.ts";

/** The attributes shared by the conv gradient kernels. */
export interface ConvGradAttrs extends Omit<ConvAttrsLike, "dilations"> {
  dataFormat: "NHWC" | "NCHW";
}

/**
 * The geometry of the forward convolution `x (inShape) ⊛ filter (filterShape)`,
 * with dilation 1 (the only one the wasm gradient kernels implement).
 *
 * @param kernel Kernel name, for error messages.
 * @param inShape Forward input shape `[batch, height, width, inChannels]`.
 * @param filterShape Filter shape `[filterHeight, filterWidth, inChannels, outChannels]`.
 * @param attrs The kernel's attributes.
 * @returns The geometry and tfjs's conv info (whose `padInfo` has all four pads).
 */
export function convGradGeometryOf(
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
  const info = conv2dInfoOf(inShape, filterShape, { ...attrs, dilations: 1 });
  return { geometry: convGeometryOf(info), info };
}
