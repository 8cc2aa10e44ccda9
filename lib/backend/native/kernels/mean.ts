import * as tf from "@tensorflow/tfjs";
import {
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  NATIVE_BACKEND_NAME,
  out,
  runCpuKernel,
} from "../_backend_util.ts";
import { reductionBlock } from "./_reduction_block.ts";
import { reduceBlock } from "./_reduce_block.ts";

/**
 * `Mean` on the native backend for float32 tensors reduced over one
 * contiguous block of axes (global average pooling reduces H and W of
 * NHWC), in one pass with no transpose. Other cases run the stock CPU kernel.
 *
 * @param args Kernel inputs `{x}`, the backend and `MeanAttrs`.
 * @returns The mean.
 */
export function mean(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as Inputs<"x">;
  const { axis, keepDims } = args.attrs as unknown as tf.MeanAttrs;
  if (x.dtype !== "float32") return runCpuKernel(tf.Mean, args);
  const block = reductionBlock(x.shape, axis, keepDims);
  if (!block) return runCpuKernel(tf.Mean, args);
  const backend = args.backend as CpuBackend;
  const values = reduceBlock(backend, f32(backend, x), block, 1 / block.reduce);
  return out(backend, block.outShape, values);
}

/** Registers {@linkcode mean} as `Mean` of the native backend. */
export const meanConfig: tf.KernelConfig = {
  kernelName: tf.Mean,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: mean,
};
