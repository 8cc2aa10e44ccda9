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
 * `Sum` on the native backend for float32 tensors reduced over one
 * contiguous block of axes (e.g. N, H, W of NHWC for a bias gradient), in
 * one pass with no transpose. Other cases run the stock CPU kernel.
 *
 * @param args Kernel inputs `{x}`, the backend and `SumAttrs`.
 * @returns The sum.
 */
export function sum(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as Inputs<"x">;
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  if (x.dtype !== "float32") return runCpuKernel(tf.Sum, args);
  const block = reductionBlock(x.shape, axis, keepDims);
  if (!block) return runCpuKernel(tf.Sum, args);
  const backend = args.backend as CpuBackend;
  const values = reduceBlock(backend, f32(backend, x), block, 1);
  return out(backend, block.outShape, values);
}

/** Registers {@linkcode sum} as `Sum` of the native backend. */
export const sumConfig: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: sum,
};
