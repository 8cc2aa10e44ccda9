import * as tf from "@tensorflow/tfjs";
import { onHeap } from "../_heap.ts";
import {
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  nativeContext,
  nativeKernelConfig,
  out,
} from "../_backend_util.ts";
import { forRanges } from "../_parallel.ts";

/** Kernel name of ReLU's gradient: dx = dy where x > 0, else 0. */
export const RELU_GRAD = "SerlabReluGrad";

/**
 * ReLU's gradient in one pass (tfjs's own is `dy · cast(step(x))`: three).
 *
 * @param args Kernel inputs `{dy, x}` (float32, same shape) and the backend.
 * @returns dx.
 */
export function reluGrad(args: KernelArgs): tf.TensorInfo {
  const { dy, x } = args.inputs as Inputs<"dy" | "x">;
  const backend = args.backend as CpuBackend;
  const dyv = f32(backend, dy);
  const xv = f32(backend, x);
  const { pool, team } = nativeContext(backend);
  const dx = pool.alloc(dyv.length);
  const simd = onHeap(dyv, xv, dx);
  forRanges(team, "reluGrad", dyv.length, [dyv, xv, dx], (start, end) => ({
    dy: dyv,
    x: xv,
    dx,
    start,
    end,
    simd,
  }));
  return out(backend, [...dy.shape], dx);
}

/** Registers {@linkcode reluGrad} on the native backend. */
export const reluGradConfig: tf.KernelConfig = nativeKernelConfig(RELU_GRAD, reluGrad);
