/**
 * The pooling geometry of a tfjs `MaxPool` / `MaxPoolGrad` call.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { PoolGeometry } from "./_max_pool_impl.ts";

/** Pooling geometry of a tfjs `MaxPool`/`MaxPoolGrad` call (NHWC, dilation 1). */
export function poolGeometry(
  xShape: number[],
  attrs: tf.MaxPoolAttrs | tf.MaxPoolGradAttrs,
): PoolGeometry {
  const info = tf.backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  return {
    batchSize: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    channels: info.inChannels,
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
