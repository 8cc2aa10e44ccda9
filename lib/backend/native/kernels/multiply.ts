import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, NATIVE_BACKEND_NAME } from "../_backend_util.ts";
import { binaryKernel } from "./_binary_kernel.ts";

const kernel = binaryKernel(tf.Multiply, "mul");

/**
 * `Multiply` on the native backend: one loop for equal shapes, a scalar or a
 * last-axis vector; other broadcasts and dtypes run the stock CPU kernel.
 *
 * @param args Kernel inputs `{a, b}` and the backend.
 * @returns a mul b, broadcast.
 */
export function multiply(args: KernelArgs): tf.TensorInfo {
  return kernel(args);
}

/** Registers {@linkcode multiply} as `Multiply` of the native backend. */
export const multiplyConfig: tf.KernelConfig = {
  kernelName: tf.Multiply,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: multiply,
};
