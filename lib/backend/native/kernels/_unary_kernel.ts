/**
 * Builds the native backend's element-wise unary kernels over a task of
 * `_tasks.ts` (`y[i] = f(x[i])` on a range); non-float32 inputs run the
 * stock CPU kernel.
 *
 * @module
 */
import { onHeap } from "../_heap.ts";
import type * as tf from "@tensorflow/tfjs";
import {
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  nativeContext,
  out,
  runCpuKernel,
} from "../_backend_util.ts";
import { forRanges } from "../_parallel.ts";

/** The tasks that map x to y element by element over `[start, end)`. */
export type UnaryTask = "floor" | "relu" | "sqrt" | "square";

/** A kernel function computing `task` of `x` on the native backend, split over its threads. */
export function unaryKernel(
  kernelName: string,
  task: UnaryTask,
): (args: KernelArgs) => tf.TensorInfo {
  return (args) => {
    const { x } = args.inputs as Inputs<"x">;
    if (x.dtype !== "float32") return runCpuKernel(kernelName, args);
    const backend = args.backend as CpuBackend;
    const xv = f32(backend, x);
    const { pool, team } = nativeContext(backend);
    const y = pool.alloc(xv.length);
    forRanges<UnaryTask>(
      team,
      task,
      xv.length,
      [xv, y],
      // Floor has no SIMD kernel and ignores the flag.
      (start, end) => ({ x: xv, y, start, end, simd: onHeap(xv, y) }),
    );
    return out(backend, [...x.shape], y);
  };
}
