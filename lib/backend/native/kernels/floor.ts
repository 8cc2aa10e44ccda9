import * as tf from "@tensorflow/tfjs";
import {
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  NATIVE_BACKEND_NAME,
  nativeContext,
  out,
  runCpuKernel,
} from "../_backend_util.ts";
import { forRanges } from "../_parallel.ts";

/**
 * `Floor` on the native backend: a plain loop (tfjs's CPU kernel calls a
 * closure per element). Dropout takes the floor of an activation-sized mask.
 *
 * @param args Kernel inputs `{x}` and the backend.
 * @returns ⌊x⌋.
 */
export function floor(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as Inputs<"x">;
  if (x.dtype !== "float32") return runCpuKernel(tf.Floor, args);
  const backend = args.backend as CpuBackend;
  const xv = f32(backend, x);
  const { pool, team } = nativeContext(backend);
  const y = pool.alloc(xv.length);
  forRanges(team, "floor", xv.length, [xv, y], (start, end) => ({ x: xv, y, start, end }));
  return out(backend, [...x.shape], y);
}

/** Registers {@linkcode floor} as `Floor` of the native backend. */
export const floorConfig: tf.KernelConfig = {
  kernelName: tf.Floor,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: floor,
};
