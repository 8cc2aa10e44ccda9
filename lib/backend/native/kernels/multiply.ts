import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, nativeKernelConfig } from "../_backend_util.ts";
import { binaryKernel } from "./_binary_kernel.ts";

/**
 * `Multiply` on the native backend: one loop for equal shapes, a scalar or a
 * last-axis vector; other broadcasts and dtypes run the stock CPU kernel.
 *
 * @param args Kernel inputs `{a, b}` and the backend.
 * @returns a mul b, broadcast.
 */
export const multiply: (args: KernelArgs) => tf.TensorInfo = binaryKernel(tf.Multiply, "mul");

/** Registers {@linkcode multiply} as `Multiply` of the native backend. */
export const multiplyConfig: tf.KernelConfig = nativeKernelConfig(tf.Multiply, multiply);
