import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, NATIVE_BACKEND_NAME } from "../_backend_util.ts";
import { binaryKernel } from "./_binary_kernel.ts";

const kernel = binaryKernel(tf.Add, "add");

/**
 * `Add` on the native backend: one loop for equal shapes, a scalar or a
 * last-axis vector; other broadcasts and dtypes run the stock CPU kernel.
 *
 * @param args Kernel inputs `{a, b}` and the backend.
 * @returns a add b, broadcast.
 */
export function add(args: KernelArgs): tf.TensorInfo {
  return kernel(args);
}

/** Registers {@linkcode add} as `Add` of the native backend. */
export const addConfig: tf.KernelConfig = {
  kernelName: tf.Add,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: add,
};
