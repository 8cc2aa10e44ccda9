import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, nativeKernelConfig } from "../_backend_util.ts";
import { binaryKernel } from "./_binary_kernel.ts";

/**
 * `Add` on the native backend: one loop for equal shapes, a scalar or a
 * last-axis vector; other broadcasts and dtypes run the stock CPU kernel.
 *
 * @param args Kernel inputs `{a, b}` and the backend.
 * @returns a add b, broadcast.
 */
export const add: (args: KernelArgs) => tf.TensorInfo = binaryKernel(tf.Add, "add");

/** Registers {@linkcode add} as `Add` of the native backend. */
export const addConfig: tf.KernelConfig = nativeKernelConfig(tf.Add, add);
