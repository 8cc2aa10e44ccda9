/**
 * The native path: a tfjs backend (`serlab-native`) that is tfjs's CPU
 * backend with serlab's kernels for the work that dominates training —
 * convolution and its two gradients as im2col + OpenBLAS SGEMM through
 * Deno's FFI, dense layers' matrix products as SGEMM, training-mode batch
 * norm in two passes each way, ReLU, max-pool, element-wise kernels and a
 * one-pass Adam step — and reuse of large buffers.
 *
 * @example Register and activate
 * ```ts ignore
 * import * as tf from "@tensorflow/tfjs";
 * import { registerNativeBackend } from "./mod.ts";
 *
 * const result = registerNativeBackend({ threads: 2 });
 * if (result.ok) await tf.setBackend(result.info.name);
 * ```
 *
 * @module
 */
export * from "./register_native_backend.ts";
export * from "./register_all_kernels.ts";
export { NATIVE_BACKEND_NAME } from "./_backend_util.ts";
