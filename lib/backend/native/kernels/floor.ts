import * as tf from "@tensorflow/tfjs";
import { type KernelArgs, nativeKernelConfig } from "../_backend_util.ts";
import { unaryKernel } from "./_unary_kernel.ts";

/**
 * `Floor` on the native backend: a plain loop (tfjs's CPU kernel calls a
 * closure per element). Dropout takes the floor of an activation-sized mask.
 *
 * @param args Kernel inputs `{x}` and the backend.
 * @returns ⌊x⌋.
 */
export const floor: (args: KernelArgs) => tf.TensorInfo = unaryKernel(tf.Floor, "floor");

/** Registers {@linkcode floor} as `Floor` of the native backend. */
export const floorConfig: tf.KernelConfig = nativeKernelConfig(tf.Floor, floor);
