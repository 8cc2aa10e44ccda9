import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, nativeKernelConfig } from "../_backend_util.ts";
import { blockReductionKernel } from "./_reduce_block.ts";

/**
 * `Mean` on the native backend for float32 tensors reduced over one
 * contiguous block of axes (global average pooling reduces H and W of
 * NHWC), in one pass with no transpose. Other cases run the stock CPU kernel.
 *
 * @param args Kernel inputs `{x}`, the backend and `MeanAttrs`.
 * @returns The mean.
 */
export const mean: (args: KernelArgs) => tf.TensorInfo = blockReductionKernel(tf.Mean, true);

/** Registers {@linkcode mean} as `Mean` of the native backend. */
export const meanConfig: tf.KernelConfig = nativeKernelConfig(tf.Mean, mean);
