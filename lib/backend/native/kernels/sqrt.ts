import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, nativeKernelConfig } from "../_backend_util.ts";
import { unaryKernel } from "./_unary_kernel.ts";

/**
 * `Sqrt` on the native backend: the SIMD kernel on the shared heap, or a
 * plain loop, split over the backend's threads (tfjs's CPU kernel calls a
 * closure per element on one thread).
 *
 * @param args Kernel inputs `{x}` and the backend.
 * @returns √x.
 */
export const sqrt: (args: KernelArgs) => tf.TensorInfo = unaryKernel(tf.Sqrt, "sqrt");

/** Registers {@linkcode sqrt} as `Sqrt` of the native backend. */
export const sqrtConfig: tf.KernelConfig = nativeKernelConfig(tf.Sqrt, sqrt);
