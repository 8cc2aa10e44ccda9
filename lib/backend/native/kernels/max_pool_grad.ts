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
 * `MaxPoolGrad` on the native backend: one pass that finds each window's
 * first maximum and routes dy there (tfjs's CPU kernel scans every input
 * element's windows through `TensorBuffer.get`).
 *
 * @param args Kernel inputs `{dy, input, output}`, the backend and `MaxPoolGradAttrs`.
 * @returns dx, shaped like `input`.
 */
export function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const { dy, input, output } = args.inputs as Inputs<"dy" | "input" | "output">;
  if (input.dtype !== "float32" || input.shape.length !== 4) {
    return runCpuKernel(tf.MaxPoolGrad, args);
  }
  const backend = args.backend as CpuBackend;
  const g = poolGeometryOf(input.shape, args.attrs as unknown as tf.MaxPoolGradAttrs);
  const xv = f32(backend, input);
  const dyv = f32(backend, dy);
  const yv = output?.dtype === "float32" ? f32(backend, output) : null;
  const { pool, team } = nativeContext(backend);
  const dx = pool.alloc(xv.length);
  const simd = isPlain2x2Pool(g) && g.channels % 4 === 0 && onHeap(xv, dyv, dx);
  forRanges(team, "maxPoolGrad", g.batchSize, [xv, dyv, yv, dx], (b0, b1) => ({
    dy: dyv,
    x: xv,
    g,
    dx,
    y: yv,
    b0,
    b1,
    simd,
  }), 1);
  return out(backend, [...input.shape], dx);
}

/** Registers {@linkcode maxPoolGrad} as `MaxPoolGrad` of the native backend. */
export const maxPoolGradConfig: tf.KernelConfig = nativeKernelConfig(tf.MaxPoolGrad, maxPoolGrad);
