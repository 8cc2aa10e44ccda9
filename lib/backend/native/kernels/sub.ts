import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, NATIVE_BACKEND_NAME } from "../_backend_util.ts";
import { binaryKernel } from "./_binary_kernel.ts";

const kernel = binaryKernel(tf.Sub, "sub");

/**
 * `Sub` on the native backend: one loop for equal shapes, a scalar or a
 * last-axis vector; other broadcasts and dtypes run the stock CPU kernel.
 *
 * @param args Kernel inputs `{a, b}` and the backend.
 * @returns a sub b, broadcast.
 */
export function sub(args: KernelArgs): tf.TensorInfo {
  return kernel(args);
}

/** Registers {@linkcode sub} as `Sub` of the native backend. */
export const subConfig: tf.KernelConfig = {
  kernelName: tf.Sub,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: sub,
};
