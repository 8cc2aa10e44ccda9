import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, nativeKernelConfig } from "../_backend_util.ts";
import { unaryKernel } from "./_unary_kernel.ts";

/**
 * `Square` on the native backend: the SIMD kernel on the shared heap, or a
 * plain loop, split over the backend's threads into a pooled array (tfjs's
 * CPU kernel runs on one thread into a fresh one).
 *
 * @param args Kernel inputs `{x}` and the backend.
 * @returns x².
 */
export const square: (args: KernelArgs) => tf.TensorInfo = unaryKernel(tf.Square, "square");

/** Registers {@linkcode square} as `Square` of the native backend. */
export const squareConfig: tf.KernelConfig = nativeKernelConfig(tf.Square, square);
