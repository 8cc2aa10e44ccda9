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
 * `_FusedMatMul` on the native backend: the product as the native
 * `BatchMatMul`, then a bias of one value per column and a linear or ReLU
 * activation in one pass; other biases and activations (relu6, elu,
 * sigmoid, leakyrelu, prelu) run tfjs's kernels on the product, as its CPU
 * kernel does. Non-float32 inputs run the stock CPU kernel.
 *
 * @param args Kernel inputs `{a, b, bias?, preluActivationWeights?}`, the backend and `_FusedMatMulAttrs`.
 * @returns act(op(a)·op(b) + bias).
 */
export function fusedMatMul(args: KernelArgs): tf.TensorInfo {
  const { a, b, bias, preluActivationWeights } = args.inputs as Inputs<
    "a" | "b",
    "bias" | "preluActivationWeights"
  >;
  const {
    transposeA = false,
    transposeB = false,
    activation = "linear",
    leakyreluAlpha,
  } = args.attrs as unknown as tf._FusedMatMulAttrs;
  const g = allFloat32(a, b, bias, preluActivationWeights)
    ? matMulGeometryOf(a.shape, b.shape, transposeA, transposeB)
    : null;
  if (!g) return runCpuKernel(tf._FusedMatMul, args);
  return matMulForward(args.backend as CpuBackend, a, b, g, {
    bias: bias ?? null,
    activation,
    preluActivationWeights: preluActivationWeights ?? null,
    leakyreluAlpha,
  });
}

/** Registers {@linkcode fusedMatMul} as `_FusedMatMul` of the native backend. */
export const fusedMatMulConfig: tf.KernelConfig = nativeKernelConfig(tf._FusedMatMul, fusedMatMul);
