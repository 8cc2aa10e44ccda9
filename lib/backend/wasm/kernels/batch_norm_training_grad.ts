/**
 * Backward of training-mode batch normalisation as one wasm kernel (two
 * passes, no broadcast temporaries).
 *
 * @module
 */
import type { KernelConfig, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { wasmKernelConfig } from "../_stock_kernels.ts";
import { allocF32, allocF64, disposeInfo, heapF32, heapOffset } from "../_heap.ts";
import {
  BATCH_NORM_TRAINING_GRAD,
  type BatchNormTrainingAttrs,
} from "../../_shared/_batch_norm_training.ts";
import { backwardFromSums, batchNormTrainingBackward } from "./_batch_norm_training_impl.ts";
import { checkChannels } from "./_checks.ts";
import { reductionBlock, simdKernels } from "./_simd.ts";

/** Inputs of {@linkcode batchNormTrainingGrad}. */
export interface BatchNormTrainingGradInputs {
  /** Gradient of y, `[..., channels]`. */
  dy: TensorInfo;
  /** The forward input, shape of dy. */
  x: TensorInfo;
  /** γ, `[channels]`. */
  scale: TensorInfo;
  /** The batch mean the forward pass computed, `[channels]`. */
  mean: TensorInfo;
  /** The batch variance the forward pass computed, `[channels]`. */
  variance: TensorInfo;
}

/**
 * Gradients of training-mode batch norm with respect to x (through the batch
 * moments too), scale and offset, on the wasm heap.
 *
 * @param args `{dy, x, scale, mean, variance}` and `{varianceEpsilon}`.
 * @returns `[dx, dScale, dOffset]`.
 *
 * @example A constant gradient does not reach x
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { setupWasmBackend } from "../setup_wasm_backend.ts";
 * import { BATCH_NORM_TRAINING_GRAD } from "../../_shared/_batch_norm_training.ts";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 *
 * await setupWasmBackend();
 * const [dx, , dOffset] = tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, {
 *   dy: tf.ones([2, 2]),
 *   x: tf.tensor2d([1, 10, 3, 30], [2, 2]),
 *   scale: tf.ones([2]),
 *   mean: tf.tensor1d([2, 20]),
 *   variance: tf.tensor1d([1, 100]),
 * }, { varianceEpsilon: 0 }) as tf.Tensor[];
 * assertAlmostEquals(dx.dataSync()[0], 0, 1e-6);
 * assertEquals(Array.from(dOffset.dataSync()), [2, 2]);
 * ```
 */
export function batchNormTrainingGrad(args: {
  inputs: BatchNormTrainingGradInputs;
  backend: BackendWasm;
  attrs: BatchNormTrainingAttrs;
}): TensorInfo[] {
  const { inputs: { dy, x, scale, mean, variance }, backend, attrs: { varianceEpsilon } } = args;
  const channels = checkChannels(BATCH_NORM_TRAINING_GRAD, x, { scale, mean, variance });
  if (dy.dtype !== "float32" || dy.shape.join() !== x.shape.join()) {
    throw new RangeError(
      `Cannot run ${BATCH_NORM_TRAINING_GRAD} on wasm as dy must be float32 of shape [${x.shape}]: ` +
        `current value is ${dy.dtype} [${dy.shape}]`,
    );
  }
  const rows = x.shape.reduce((a, b) => a * b, 1) / channels;
  const dx = allocF32(backend, [...x.shape]);
  const dScale = allocF32(backend, [channels]);
  const dOffset = allocF32(backend, [channels]);
  const simd = channels % 4 === 0 && rows > 0 ? simdKernels(backend) : null;
  if (simd === null) {
    batchNormTrainingBackward(
      heapF32(backend, dy),
      heapF32(backend, x),
      heapF32(backend, scale),
      heapF32(backend, mean),
      heapF32(backend, variance),
      varianceEpsilon,
      heapF32(backend, dx),
      heapF32(backend, dScale),
      heapF32(backend, dOffset),
    );
    return [dx, dScale, dOffset];
  }
  const sumDy = allocF64(backend, channels);
  const sumDyCentred = allocF64(backend, channels);
  const coefficients = allocF32(backend, [3, channels]);
  simd.channelGradSums(
    heapOffset(backend, dy),
    heapOffset(backend, x),
    rows,
    channels,
    heapOffset(backend, mean),
    sumDy.offset,
    sumDyCentred.offset,
    reductionBlock(channels),
  );
  const k = heapF32(backend, coefficients);
  backwardFromSums(
    sumDy.view(),
    sumDyCentred.view(),
    rows,
    heapF32(backend, scale),
    heapF32(backend, mean),
    heapF32(backend, variance),
    varianceEpsilon,
    heapF32(backend, dScale),
    heapF32(backend, dOffset),
    {
      k1: k.subarray(0, channels),
      k2: k.subarray(channels, 2 * channels),
      k3: k.subarray(2 * channels),
    },
  );
  const kOffset = heapOffset(backend, coefficients);
  simd.channelAffine(
    heapOffset(backend, dy),
    heapOffset(backend, x),
    heapOffset(backend, dx),
    rows,
    channels,
    kOffset,
    kOffset + 4 * channels,
    kOffset + 8 * channels,
  );
  disposeInfo(backend, sumDy.info);
  disposeInfo(backend, sumDyCentred.info);
  disposeInfo(backend, coefficients);
  return [dx, dScale, dOffset];
}

/** Registers {@linkcode batchNormTrainingGrad} for the wasm backend. */
export const batchNormTrainingGradConfig: KernelConfig = wasmKernelConfig(
  BATCH_NORM_TRAINING_GRAD,
  batchNormTrainingGrad,
);
