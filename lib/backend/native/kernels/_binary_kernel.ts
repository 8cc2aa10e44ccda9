/**
 * Builds the native backend's element-wise binary kernels over
 * {@linkcode binaryImpl}; shapes or dtypes it does not handle run the
 * stock CPU kernel.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
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
import { type BinaryOp, broadcastOf } from "./_binary_impl.ts";

/** A kernel function computing `op` on the native backend. */
export function binaryKernel(
  kernelName: string,
  op: BinaryOp,
): (args: KernelArgs) => tf.TensorInfo {
  return (args) => {
    const { a, b } = args.inputs as Inputs<"a" | "b">;
    if (a.dtype !== "float32" || b.dtype !== "float32") return runCpuKernel(kernelName, args);
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const pattern = broadcastOf(a.shape, b.shape, outShape);
    if (pattern === null) return runCpuKernel(kernelName, args);
    const backend = args.backend as CpuBackend;
    const { pool, team } = nativeContext(backend);
    const n = outShape.reduce((p, d) => p * d, 1);
    const values = pool.alloc(n);
    const av = f32(backend, a), bv = f32(backend, b);
    const grain = pattern.kind === "slabA" || pattern.kind === "slabB" ? pattern.inner : 1;
    const big = (v: Float32Array) => (v.length === n ? v : null);
    forRanges(
      team,
      "binary",
      n,
      [big(av), big(bv), values],
      (start, end) => ({
        op,
        a: av,
        b: bv,
        broadcast: pattern,
        out: values,
        start,
        end,
      }),
      undefined,
      grain,
    );
    return out(backend, outShape, values);
  };
}
