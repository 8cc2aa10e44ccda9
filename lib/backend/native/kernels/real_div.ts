import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, nativeKernelConfig } from "../_backend_util.ts";
import { binaryKernel } from "./_binary_kernel.ts";

/**
 * `RealDiv` on the native backend: one loop for equal shapes, a scalar or a
 * last-axis vector; other broadcasts and dtypes run the stock CPU kernel.
 *
 * @param args Kernel inputs `{a, b}` and the backend.
 * @returns a div b, broadcast.
 */
export const realDiv: (args: KernelArgs) => tf.TensorInfo = binaryKernel(tf.RealDiv, "div");

/** Registers {@linkcode realDiv} as `RealDiv` of the native backend. */
export const realDivConfig: tf.KernelConfig = nativeKernelConfig(tf.RealDiv, realDiv);
