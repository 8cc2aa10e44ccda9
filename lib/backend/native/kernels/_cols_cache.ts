/**
 * Hands the column matrix of a forward convolution to the filter gradient
 * of the same step, so that im2col runs once per layer and step, not twice.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { type CpuBackend, nativeContext } from "../_backend_util.ts";
import type { ConvGeometry } from "../../_shared/_conv_geometry.ts";

function keyOf(g: ConvGeometry): string {
  return JSON.stringify(g);
}

/** Keeps `cols`, the column matrix of input `x` under geometry `g`. */
export function rememberCols(
  backend: CpuBackend,
  x: tf.TensorInfo,
  g: ConvGeometry,
  cols: Float32Array,
): void {
  const { colsCache, pool } = nativeContext(backend);
  const previous = colsCache.get(x.dataId);
  if (previous) pool.recycle(previous.cols);
  colsCache.set(x.dataId, { key: keyOf(g), cols });
}

/** Takes back the column matrix of `x` under `g` if the forward pass kept it, else null. */
export function takeCols(
  backend: CpuBackend,
  x: tf.TensorInfo,
  g: ConvGeometry,
): Float32Array | null {
  const { colsCache } = nativeContext(backend);
  const entry = colsCache.get(x.dataId);
  if (!entry || entry.key !== keyOf(g)) return null;
  colsCache.delete(x.dataId);
  return entry.cols;
}
