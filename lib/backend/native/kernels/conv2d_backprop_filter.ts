import * as tf from "@tensorflow/tfjs";
import {
  allFloat32,
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  NATIVE_BACKEND_NAME,
  nativeContext,
  out,
  runCpuKernel,
} from "../_backend_util.ts";
import { geometryOf } from "../_im2col.ts";
import { takeCols } from "./_cols_cache.ts";
import { conv2dBackpropFilterImpl } from "./_conv2d_backprop_filter_impl.ts";

/**
 * `Conv2DBackpropFilter` on the native backend: Σ colsᵀ·dy with OpenBLAS.
 * NCHW runs the stock CPU kernel.
 *
 * @param args Kernel inputs `{x, dy}`, the backend and `Conv2DBackpropFilterAttrs`.
 * @returns dW, HWIO.
 */
export function conv2dBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { x, dy } = args.inputs as Inputs<"x" | "dy">;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const backend = args.backend as CpuBackend;
  if (attrs.dataFormat === "NCHW" || !allFloat32(x, dy)) {
    return runCpuKernel(tf.Conv2DBackpropFilter, args);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
  const { blas, pool, rows } = nativeContext(backend);
  const g = geometryOf(info);
  const cols = takeCols(backend, x, g);
  const dw = conv2dBackpropFilterImpl(f32(backend, x), f32(backend, dy), g, blas, {
    allocator: pool,
    cols,
    rows,
  });
  if (cols) pool.recycle(cols);
  return out(backend, [...attrs.filterShape], dw);
}

/** Registers {@linkcode conv2dBackpropFilter} as `Conv2DBackpropFilter` of the native backend. */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: conv2dBackpropFilter,
};
