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
 * `Relu` on the native backend, branch-free on the float bits.
 *
 * @param args Kernel inputs `{x}` and the backend.
 * @returns max(x, 0).
 */
export function relu(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as Inputs<"x">;
  if (x.dtype !== "float32") return runCpuKernel(tf.Relu, args);
  const backend = args.backend as CpuBackend;
  const xv = f32(backend, x);
  const { pool, team } = nativeContext(backend);
  const y = pool.alloc(xv.length);
  forRanges(team, "relu", xv.length, [xv, y], (start, end) => ({ x: xv, y, start, end }));
  return out(backend, [...x.shape], y);
}

/** Registers {@linkcode relu} as `Relu` of the native backend. */
export const reluConfig: tf.KernelConfig = {
  kernelName: tf.Relu,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: relu,
};
