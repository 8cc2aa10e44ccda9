import * as tf from "@tensorflow/tfjs";
import {
  allFloat32,
  type CpuBackend,
  type Inputs,
  type KernelArgs,
  nativeKernelConfig,
  runCpuKernel,
} from "../_backend_util.ts";
import { matMulGeometryOf } from "./_batch_mat_mul_impl.ts";
import { matMulForward } from "./_mat_mul.ts";

/**
 * `BatchMatMul` on the native backend: OpenBLAS SGEMM per matrix of the
 * batch, split across the backend's threads when large. Non-float32 inputs
 * and batch shapes tfjs's CPU kernel handles its own way run that kernel.
 *
 * @param args Kernel inputs `{a, b}`, the backend and `BatchMatMulAttrs`.
 * @returns op(a)·op(b), shape [...broadcast batch, m, n].
 */
export function batchMatMul(args: KernelArgs): tf.TensorInfo {
  const { a, b } = args.inputs as Inputs<"a" | "b">;
  const { transposeA = false, transposeB = false } = args.attrs as unknown as tf.BatchMatMulAttrs;
  const g = allFloat32(a, b) ? matMulGeometryOf(a.shape, b.shape, transposeA, transposeB) : null;
  if (!g) return runCpuKernel(tf.BatchMatMul, args);
  return matMulForward(args.backend as CpuBackend, a, b, g);
}

/** Registers {@linkcode batchMatMul} as `BatchMatMul` of the native backend. */
export const batchMatMulConfig: tf.KernelConfig = nativeKernelConfig(tf.BatchMatMul, batchMatMul);
