import * as tf from "@tensorflow/tfjs";
import { onHeap } from "../_heap.ts";
import { isPlain2x2Pool, poolGeometryOf } from "../../_shared/_pool_geometry.ts";
import {
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  nativeContext,
  nativeKernelConfig,
  out,
  runCpuKernel,
} from "../_backend_util.ts";
import { forRanges } from "../_parallel.ts";

/**
 * `MaxPool` on the native backend (NHWC, any window, stride and padding).
 *
 * @param args Kernel inputs `{x}`, the backend and `MaxPoolAttrs`.
 * @returns The pooled tensor.
 */
export function maxPool(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as Inputs<"x">;
  if (x.dtype !== "float32" || x.shape.length !== 4) return runCpuKernel(tf.MaxPool, args);
  const backend = args.backend as CpuBackend;
  const g = poolGeometryOf(x.shape, args.attrs as unknown as tf.MaxPoolAttrs);
  const { pool, team } = nativeContext(backend);
  const y = pool.alloc(g.batchSize * g.outHeight * g.outWidth * g.channels);
  const xv = f32(backend, x);
  const simd = isPlain2x2Pool(g) && g.channels % 4 === 0 && onHeap(xv, y);
  forRanges(
    team,
    "maxPool",
    g.batchSize,
    [xv, y],
    (b0, b1) => ({ x: xv, g, y, b0, b1, simd }),
    1,
  );
  return out(backend, [g.batchSize, g.outHeight, g.outWidth, g.channels], y);
}

/** Registers {@linkcode maxPool} as `MaxPool` of the native backend. */
export const maxPoolConfig: tf.KernelConfig = nativeKernelConfig(tf.MaxPool, maxPool);
