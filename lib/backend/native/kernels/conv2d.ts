import * as tf from "@tensorflow/tfjs";
import {
  allFloat32,
  type CpuBackend,
  type Inputs,
  type KernelArgs,
  nativeKernelConfig,
  runCpuKernel,
} from "../_backend_util.ts";
import { convForward } from "./_conv_forward.ts";

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
  if (attrs.dataFormat === "NCHW" || !allFloat32(x, filter)) return runCpuKernel(tf.Conv2D, args);
  return convForward(args.backend as CpuBackend, x, filter, attrs);
}

/** Registers {@linkcode conv2d} as `Conv2D` of the native backend. */
export const conv2dConfig: tf.KernelConfig = nativeKernelConfig(tf.Conv2D, conv2d);
