import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, nativeKernelConfig } from "../_backend_util.ts";
import { binaryKernel } from "./_binary_kernel.ts";

/**
 * `Sub` on the native backend: one loop for equal shapes, a scalar or a
 * last-axis vector; other broadcasts and dtypes run the stock CPU kernel.
 *
 * @param args Kernel inputs `{a, b}` and the backend.
 * @returns a sub b, broadcast.
 */
export const sub: (args: KernelArgs) => tf.TensorInfo = binaryKernel(tf.Sub, "sub");

/** Registers {@linkcode sub} as `Sub` of the native backend. */
export const subConfig: tf.KernelConfig = nativeKernelConfig(tf.Sub, sub);
