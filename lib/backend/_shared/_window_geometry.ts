/**
 * What a 2-D convolution and a 2-D pooling share: an NHWC input swept by a
 * window with strides and leading padding. Both backends' kernels read
 * these sizes from tfjs's `Conv2DInfo` (which `computePool2DInfo` returns
 * too), so one copy of the reading serves both.
 *
 * @module
 */

/** Sizes, window, strides and leading padding of a sweep over an NHWC input. */
export interface WindowGeometry {
  /** Images in the batch. */
  batchSize: number;
  /** Input rows. */
  inHeight: number;
  /** Input columns. */
  inWidth: number;
  /** Output rows. */
  outHeight: number;
  /** Output columns. */
  outWidth: number;
  /** Window (filter) rows. */
  filterHeight: number;
  /** Window (filter) columns. */
  filterWidth: number;
  /** Step between output rows, in input rows. */
  strideHeight: number;
  /** Step between output columns, in input columns. */
  strideWidth: number;
  /** Implicit rows above the input. */
  padTop: number;
  /** Implicit columns left of the input. */
  padLeft: number;
}

/** The subset of tfjs's `Conv2DInfo` that the geometries read. */
export interface Conv2DInfoLike {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padInfo: { top: number; left: number };
}

/**
 * The window geometry of a tfjs `Conv2DInfo`.
 *
 * @param info What `backend_util.computeConv2DInfo` or `computePool2DInfo` returned.
 * @returns Its sizes, window, strides and leading pads.
 *
 * @example A 3×3 'same' convolution with stride 2
 * ```ts
 * import { backend_util } from "@tensorflow/tfjs";
 * import { windowGeometryOf } from "./_window_geometry.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const info = backend_util.computeConv2DInfo([1, 7, 9, 3], [3, 3, 3, 5], 2, 1, "same");
 * const g = windowGeometryOf(info);
 * assertEquals([g.outHeight, g.outWidth, g.padTop, g.padLeft], [4, 5, 1, 1]);
 * ```
 */
export function windowGeometryOf(info: Omit<Conv2DInfoLike, "inChannels">): WindowGeometry {
  return {
    batchSize: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}
