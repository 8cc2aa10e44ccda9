/**
 * The geometry of an NHWC 2-D pooling, as both backends' max-pool kernels
 * read it from their tfjs attributes, and the test for the seed CNN's pool
 * that both give a fast path.
 *
 * @module
 */
import { backend_util } from "@tensorflow/tfjs";
import { type WindowGeometry, windowGeometryOf } from "./_window_geometry.ts";

/** Shapes, window, strides and leading padding of a 2-D pooling (NHWC, dilation 1). */
export interface PoolGeometry extends WindowGeometry {
  /** Channels (the same in and out). */
  channels: number;
}

/** The attributes of tfjs's `MaxPool` and `MaxPoolGrad` that fix their geometry. */
export interface PoolAttrsLike {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: "valid" | "same" | number | backend_util.ExplicitPadding;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * The pooling geometry of a tfjs `MaxPool` / `MaxPoolGrad` call.
 *
 * @param xShape The pool's input shape `[batch, height, width, channels]`.
 * @param attrs Window, strides, padding and rounding.
 * @returns Its geometry.
 *
 * @example A 2×2 'same' pool of an odd-sized image pads below and right
 * ```ts
 * import { poolGeometryOf } from "./_pool_geometry.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const g = poolGeometryOf([1, 3, 3, 8], { filterSize: 2, strides: 2, pad: "same" });
 * assertEquals([g.outHeight, g.outWidth, g.padTop, g.channels], [2, 2, 0, 8]);
 * ```
 */
export function poolGeometryOf(xShape: readonly number[], attrs: PoolAttrsLike): PoolGeometry {
  const info = backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  return { ...windowGeometryOf(info), channels: info.inChannels };
}

/**
 * True for the seed CNN's pool: 2×2 windows, stride 2, that tile the input
 * from its top-left corner without padding. Then every input element lies
 * in at most one window, and windows never reach past the input (an odd
 * last row or column is simply left out); a 'same' pool of an odd size
 * pads below or right and is not this case.
 *
 * @param g The pooling.
 * @returns Whether the disjoint 2×2 fast paths apply.
 *
 * @example 'valid' is, 'same' of an odd size is not
 * ```ts
 * import { isPlain2x2Pool, poolGeometryOf } from "./_pool_geometry.ts";
 * import { assert } from "@std/assert";
 *
 * assert(isPlain2x2Pool(poolGeometryOf([1, 5, 5, 4], { filterSize: 2, strides: 2, pad: "valid" })));
 * assert(!isPlain2x2Pool(poolGeometryOf([1, 5, 5, 4], { filterSize: 2, strides: 2, pad: "same" })));
 * ```
 */
export function isPlain2x2Pool(g: PoolGeometry): boolean {
  return g.filterHeight === 2 && g.filterWidth === 2 && g.strideHeight === 2 &&
    g.strideWidth === 2 && g.padTop === 0 && g.padLeft === 0 &&
    g.outHeight === Math.floor(g.inHeight / 2) && g.outWidth === Math.floor(g.inWidth / 2);
}
