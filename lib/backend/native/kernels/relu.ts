import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, nativeKernelConfig } from "../_backend_util.ts";
import { unaryKernel } from "./_unary_kernel.ts";

/**
 * `Relu` on the native backend, branch-free on the float bits.
 *
 * @param args Kernel inputs `{x}` and the backend.
 * @returns max(x, 0).
 */
export const relu: (args: KernelArgs) => tf.TensorInfo = unaryKernel(tf.Relu, "relu");

/** Registers {@linkcode relu} as `Relu` of the native backend. */
export const reluConfig: tf.KernelConfig = nativeKernelConfig(tf.Relu, relu);
