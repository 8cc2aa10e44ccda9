/**
 * The geometry of an NHWC 2-D convolution with an HWIO filter, as both
 * backends' convolution kernels read it from their tfjs attributes.
 *
 * @module
 */
import { backend_util } from "@tensorflow/tfjs";
import { type Conv2DInfoLike, type WindowGeometry, windowGeometryOf } from "./_window_geometry.ts";

/** A 2-D convolution's shapes, strides, dilations and leading padding (NHWC, HWIO). */
export interface ConvGeometry extends WindowGeometry {
  /** Input channels. */
  inChannels: number;
  /** Output channels (filters). */
  outChannels: number;
  /** Step between filter rows, in input rows. */
  dilationHeight: number;
  /** Step between filter columns, in input columns. */
  dilationWidth: number;
}

/** The attributes of tfjs's convolution kernels that fix their geometry. */
export interface ConvAttrsLike {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | backend_util.ExplicitPadding;
  /** @default {1} */
  dilations?: [number, number] | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * tfjs's description of the channels-last convolution `x (xShape) ⊛ filter (filterShape)`.
 *
 * @param xShape Input shape `[batch, height, width, inChannels]`.
 * @param filterShape Filter shape `[filterHeight, filterWidth, inChannels, outChannels]`.
 * @param attrs Strides, padding, dilations and rounding of the kernel.
 * @returns tfjs's `Conv2DInfo` (its `padInfo` has all four pads, `outShape` the output's).
 *
 * @example A 'same' convolution keeps the size
 * ```ts
 * import { conv2dInfoOf } from "./_conv_geometry.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const info = conv2dInfoOf([2, 7, 9, 3], [3, 3, 3, 5], { strides: 1, pad: "same" });
 * assertEquals(info.outShape, [2, 7, 9, 5]);
 * ```
 */
export function conv2dInfoOf(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrsLike,
): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
}

/**
 * The geometry of a tfjs `Conv2DInfo`.
 *
 * @param info What {@linkcode conv2dInfoOf} (or `backend_util.computeConv2DInfo`) returned.
 * @returns Shapes, strides, dilations and leading pads.
 *
 * @example Geometry of a strided 'same' convolution
 * ```ts
 * import { conv2dInfoOf, convGeometryOf } from "./_conv_geometry.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const g = convGeometryOf(conv2dInfoOf([2, 7, 9, 3], [3, 3, 3, 5], { strides: 2, pad: "same" }));
 * assertEquals([g.outHeight, g.outWidth, g.outChannels, g.padTop], [4, 5, 5, 1]);
 * ```
 */
export function convGeometryOf(info: Conv2DInfoLike): ConvGeometry {
  return {
    ...windowGeometryOf(info),
    inChannels: info.inChannels,
    outChannels: info.outChannels,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
  };
}

/**
 * The outputs whose tap at `offset` lands inside the input, along one axis:
 * `lo ≤ o < hi` exactly when `0 ≤ o·stride + offset − pad < inSize`.
 * Loops over that range need no bounds check inside.
 *
 * @param outSize Outputs along the axis.
 * @param stride Step between outputs, in inputs.
 * @param pad Leading padding.
 * @param offset The tap's position in the window (kernel index × dilation).
 * @param inSize Inputs along the axis.
 * @returns `[lo, hi]`, with `0 ≤ lo ≤ hi ≤ outSize`.
 *
 * @example The first and last outputs of a padded 3-tap window
 * ```ts
 * import { tapOutputRange } from "./_conv_geometry.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(tapOutputRange(5, 1, 1, 0, 5), [1, 5]); // the left tap skips output 0
 * assertEquals(tapOutputRange(5, 1, 1, 2, 5), [0, 4]); // the right one skips output 4
 * ```
 */
export function tapOutputRange(
  outSize: number,
  stride: number,
  pad: number,
  offset: number,
  inSize: number,
): [number, number] {
  const lo = Math.min(outSize, Math.max(0, Math.ceil((pad - offset) / stride)));
  const hi = Math.max(lo, Math.min(outSize, Math.floor((inSize - 1 + pad - offset) / stride) + 1));
  return [lo, hi];
}
