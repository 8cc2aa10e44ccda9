/**
 * A fused batch-norm backward kernel for the wasm backend. tfjs has no such
 * kernel: its `FusedBatchNorm` gradient is a chain of ~20 ops that tiles the
 * per-channel statistics to the full tensor (`Tile` alone took 1.0 s of a
 * 4.4 s training step of the seed CNN on wasm).
 *
 * @module
 */
import type { KernelConfig, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { wasmKernelConfig } from "../_stock_kernels.ts";
import { allocF32, heapF32 } from "../_heap.ts";
import { fusedBatchNormGradImpl } from "./_fused_batch_norm_grad_impl.ts";

/** Name of the kernel; serlab's own, so that it cannot clash with a future tfjs one. */
export const FUSED_BATCH_NORM_GRAD = "SerlabFusedBatchNormGrad";

/** Inputs of {@linkcode fusedBatchNormGrad}. */
export interface FusedBatchNormGradInputs {
  /** The forward input, `[..., channels]`. */
  x: TensorInfo;
  /** Gradient of the forward output, shape of x. */
  dy: TensorInfo;
  /** Per-channel mean, `[channels]`. */
  mean: TensorInfo;
  /** Per-channel variance, `[channels]`. */
  variance: TensorInfo;
  /** Per-channel scale, `[channels]`; absent means 1. */
  scale?: TensorInfo;
}

/** Attributes of {@linkcode fusedBatchNormGrad}. */
export interface FusedBatchNormGradAttrs {
  /** ε added to the variance. */
  varianceEpsilon: number;
}

/**
 * Gradients of `FusedBatchNorm` with respect to x, mean, variance, scale and
 * offset, for channels-last float32 tensors with rank-1 statistics.
 *
 * @param args The forward inputs, `dy`, and `varianceEpsilon`.
 * @returns `[dx, dMean, dVariance, dScale, dOffset]`; dx has x's shape, the
 *   others `[channels]`.
 *
 * @example Through tf.grad on wasm
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { setupWasmBackend } from "../setup_wasm_backend.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * await setupWasmBackend();
 * const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
 * const dScale = tf.grad((s: tf.Tensor) => tf.batchNorm(x, [2.5], [1.25], [0], s as tf.Tensor1D).sum())(
 *   tf.tensor1d([1]),
 * );
 * assertAlmostEquals(dScale.dataSync()[0], 0, 1e-6);
 * ```
 */
export function fusedBatchNormGrad(args: {
  inputs: FusedBatchNormGradInputs;
  backend: BackendWasm;
  attrs: FusedBatchNormGradAttrs;
}): TensorInfo[] {
  const { inputs: { x, dy, mean, variance, scale }, backend, attrs } = args;
  const channels = x.shape[x.shape.length - 1] ?? 1;
  for (const [name, info] of [["mean", mean], ["variance", variance], ["scale", scale]] as const) {
    if (info !== undefined && (info.shape.length !== 1 || info.shape[0] !== channels)) {
      throw new RangeError(
        `Cannot run ${FUSED_BATCH_NORM_GRAD} on wasm as ${name} must have shape [${channels}]: current shape is [${info.shape}]`,
      );
    }
  }
  const dx = allocF32(backend, [...x.shape]);
  const [dMean, dVariance, dScale, dOffset] = [0, 1, 2, 3].map(() => allocF32(backend, [channels]));
  fusedBatchNormGradImpl(
    heapF32(backend, x),
    heapF32(backend, dy),
    heapF32(backend, mean),
    heapF32(backend, variance),
    scale === undefined ? null : heapF32(backend, scale),
    attrs.varianceEpsilon,
    {
      dx: heapF32(backend, dx),
      dMean: heapF32(backend, dMean),
      dVariance: heapF32(backend, dVariance),
      dScale: heapF32(backend, dScale),
      dOffset: heapF32(backend, dOffset),
    },
  );
  return [dx, dMean, dVariance, dScale, dOffset];
}

/** Registers {@linkcode fusedBatchNormGrad} for the wasm backend. */
export const fusedBatchNormGradConfig: KernelConfig = wasmKernelConfig(
  FUSED_BATCH_NORM_GRAD,
  fusedBatchNormGrad,
);
