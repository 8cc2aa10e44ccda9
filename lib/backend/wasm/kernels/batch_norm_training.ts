/**
 * Training-mode batch normalisation as one wasm kernel (moments and
 * normalisation in two passes), for the batch-norm layer route.
 *
 * @module
 */
import type { KernelConfig, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { wasmKernelConfig } from "../_stock_kernels.ts";
import { allocF32, allocF64, disposeInfo, heapF32, heapOffset } from "../_heap.ts";
import { momentsFromSums, normalizeCoefficients } from "../../_shared/_batch_norm_sums_impl.ts";
import {
  BATCH_NORM_TRAINING,
  type BatchNormTrainingAttrs,
} from "../../_shared/_batch_norm_training.ts";
import { batchMoments, channelAffine } from "./_batch_norm_training_impl.ts";
import { checkChannels } from "./_checks.ts";
import { reductionBlock, simdKernels } from "./_simd.ts";

/** Inputs of {@linkcode batchNormTraining}. */
export interface BatchNormTrainingInputs {
  /** Activations `[..., channels]`, float32. */
  x: TensorInfo;
  /** γ, `[channels]`. */
  scale: TensorInfo;
  /** β, `[channels]`. */
  offset: TensorInfo;
}

/**
 * Normalises `x` by its own per-channel (last axis) mean and biased variance,
 * then scales and shifts, on the wasm heap.
 *
 * @param args `{x, scale, offset}` and `{varianceEpsilon}`.
 * @returns `[y, mean, variance]`: y shaped like x, the moments `[channels]`.
 *
 * @example Normalise a batch on wasm
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { setupWasmBackend } from "../setup_wasm_backend.ts";
 * import { BATCH_NORM_TRAINING } from "../../_shared/_batch_norm_training.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * await setupWasmBackend();
 * const x = tf.tensor2d([1, 10, 3, 30], [2, 2]);
 * const [y, mean] = tf.engine().runKernel(
 *   BATCH_NORM_TRAINING,
 *   { x, scale: tf.ones([2]), offset: tf.zeros([2]) },
 *   { varianceEpsilon: 0 },
 * ) as tf.Tensor[];
 * assertAlmostEquals(y.dataSync()[0], -1, 1e-6);
 * assertAlmostEquals(mean.dataSync()[1], 20, 1e-6);
 * ```
 */
export function batchNormTraining(args: {
  inputs: BatchNormTrainingInputs;
  backend: BackendWasm;
  attrs: BatchNormTrainingAttrs;
}): TensorInfo[] {
  const { inputs: { x, scale, offset }, backend, attrs: { varianceEpsilon } } = args;
  const channels = checkChannels(BATCH_NORM_TRAINING, x, { scale, offset });
  const rows = x.shape.reduce((a, b) => a * b, 1) / channels;
  const y = allocF32(backend, [...x.shape]);
  const mean = allocF32(backend, [channels]);
  const variance = allocF32(backend, [channels]);
  const gain = allocF32(backend, [channels]);
  const bias = allocF32(backend, [channels]);
  const simd = channels % 4 === 0 && rows > 0 ? simdKernels(backend) : null;
  if (simd === null) {
    batchMoments(heapF32(backend, x), channels, heapF32(backend, mean), heapF32(backend, variance));
  } else {
    const sum = allocF64(backend, channels);
    const sumSq = allocF64(backend, channels);
    // The first row is the shift: it keeps the f32 block sums small.
    const shift = heapF32(backend, x).slice(0, channels);
    heapF32(backend, gain).set(shift);
    simd.channelSums(
      heapOffset(backend, x),
      rows,
      channels,
      heapOffset(backend, gain),
      sum.offset,
      sumSq.offset,
      reductionBlock(channels),
    );
    momentsFromSums(
      sum.view(),
      sumSq.view(),
      shift,
      rows,
      heapF32(backend, mean),
      heapF32(backend, variance),
    );
    disposeInfo(backend, sum.info);
    disposeInfo(backend, sumSq.info);
  }
  normalizeCoefficients(
    heapF32(backend, mean),
    heapF32(backend, variance),
    heapF32(backend, scale),
    heapF32(backend, offset),
    varianceEpsilon,
    heapF32(backend, gain),
    heapF32(backend, bias),
  );
  if (simd === null) {
    channelAffine(
      heapF32(backend, x),
      heapF32(backend, gain),
      heapF32(backend, bias),
      heapF32(backend, y),
    );
  } else {
    simd.channelAffine(
      heapOffset(backend, x),
      0,
      heapOffset(backend, y),
      rows,
      channels,
      heapOffset(backend, gain),
      0,
      heapOffset(backend, bias),
    );
  }
  disposeInfo(backend, gain);
  disposeInfo(backend, bias);
  return [y, mean, variance];
}

/** Registers {@linkcode batchNormTraining} for the wasm backend. */
export const batchNormTrainingConfig: KernelConfig = wasmKernelConfig(
  BATCH_NORM_TRAINING,
  batchNormTraining,
);
