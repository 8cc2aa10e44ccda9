import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, nativeKernelConfig } from "../_backend_util.ts";
import { blockReductionKernel } from "./_reduce_block.ts";

/**
 * `Sum` on the native backend for float32 tensors reduced over one
 * contiguous block of axes (e.g. N, H, W of NHWC for a bias gradient), in
 * one pass with no transpose. Other cases run the stock CPU kernel.
 *
 * @param args Kernel inputs `{x}`, the backend and `SumAttrs`.
 * @returns The sum.
 */
export const sum: (args: KernelArgs) => tf.TensorInfo = blockReductionKernel(tf.Sum, false);

/** Registers {@linkcode sum} as `Sum` of the native backend. */
export const sumConfig: tf.KernelConfig = nativeKernelConfig(tf.Sum, sum);
