import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, NATIVE_BACKEND_NAME } from "../_backend_util.ts";
import { binaryKernel } from "./_binary_kernel.ts";

const kernel = binaryKernel(tf.RealDiv, "div");

/**
 * `RealDiv` on the native backend: one loop for equal shapes, a scalar or a
 * last-axis vector; other broadcasts and dtypes run the stock CPU kernel.
 *
 * @param args Kernel inputs `{a, b}` and the backend.
 * @returns a div b, broadcast.
 */
export function realDiv(args: KernelArgs): tf.TensorInfo {
  return kernel(args);
}

/** Registers {@linkcode realDiv} as `RealDiv` of the native backend. */
export const realDivConfig: tf.KernelConfig = {
  kernelName: tf.RealDiv,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: realDiv,
};
