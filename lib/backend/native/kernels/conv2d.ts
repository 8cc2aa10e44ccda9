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
  recordingGradients,
  runCpuKernel,
} from "../_backend_util.ts";
import { geometryOf } from "../_im2col.ts";
import { rememberCols } from "./_cols_cache.ts";
import { conv2dImpl } from "./_conv2d_impl.ts";

/**
 * `Conv2D` on the native backend: im2col + OpenBLAS SGEMM. NCHW and
 * non-float32 inputs run the stock CPU kernel.
 *
 * @param args Kernel inputs `{x, filter}`, the backend and `Conv2DAttrs`.
 * @returns The convolution, NHWC.
 */
export function conv2d(args: KernelArgs): tf.TensorInfo {
  const { x, filter } = args.inputs as Inputs<"x" | "filter">;
  const attrs = args.attrs as unknown as tf.Conv2DAttrs;
  const backend = args.backend as CpuBackend;
  if (attrs.dataFormat === "NCHW" || !allFloat32(x, filter)) return runCpuKernel(tf.Conv2D, args);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
  const { blas, pool, rows } = nativeContext(backend);
  const g = geometryOf(info);
  const keepCols = recordingGradients();
  const { y, cols } = conv2dImpl(f32(backend, x), f32(backend, filter), g, blas, {
    allocator: pool,
    rows,
    keepCols,
  });
  if (cols) rememberCols(backend, x, g, cols);
  return out(backend, info.outShape, y);
}

/** Registers {@linkcode conv2d} as `Conv2D` of the native backend. */
export const conv2dConfig: tf.KernelConfig = {
  kernelName: tf.Conv2D,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: conv2d,
};
