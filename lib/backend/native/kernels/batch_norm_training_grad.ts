import * as tf from "@tensorflow/tfjs";
import {
  BATCH_NORM_TRAINING_GRAD,
  type BatchNormTrainingAttrs,
} from "../../_shared/_batch_norm_training.ts";
import {
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  nativeContext,
  nativeKernelConfig,
  out,
} from "../_backend_util.ts";
import { MIN_PART, reduceRanges, simdRanges, simdReduceRanges } from "../_parallel.ts";
import { at, nativeHeap, onHeap, sumBlockRows } from "../_heap.ts";
import { rememberChannelSums } from "./_channel_sums_cache.ts";
import { gradCoefficients } from "./_batch_norm_training_impl.ts";

/**
 * Gradient of training-mode batch norm in closed form (two passes, no
 * activation-sized temporaries besides dx).
 *
 * @param args Kernel inputs `{dy, x, scale, mean, variance}`, the backend and `{varianceEpsilon}`.
 * @returns `[dx, dScale, dOffset]`.
 */
export function batchNormTrainingGrad(args: KernelArgs): tf.TensorInfo[] {
  const { dy, x, scale, mean, variance } = args.inputs as Inputs<
    "dy" | "x" | "scale" | "mean" | "variance"
  >;
  const { varianceEpsilon } = args.attrs as unknown as BatchNormTrainingAttrs;
  const backend = args.backend as CpuBackend;
  const { pool, team } = nativeContext(backend);
  const C = x.shape[x.shape.length - 1];
  const dyv = f32(backend, dy), xv = f32(backend, x), meanv = f32(backend, mean);
  const rows = xv.length / C;
  const minRows = Math.ceil(MIN_PART / C);
  const dx = pool.alloc(xv.length);
  const heap = C % 4 === 0 && onHeap(dyv, xv, dx) ? nativeHeap() : null;
  // Per-channel parameters of the SIMD kernels, on the heap: mean, then k1, k2, k3 − k2·mean.
  const params = heap?.f32(4 * C) ?? null;
  try {
    if (params) params.set(meanv);
    const block = sumBlockRows(C);
    const sums = params
      ? simdReduceRanges(team, "channelGradSums", rows, 2 * C, (r0, r1, acc) => [
        at(dyv, r0 * C),
        at(xv, r0 * C),
        r1 - r0,
        C,
        params.byteOffset,
        acc,
        acc + 8 * C,
        block,
      ], minRows)
      : reduceRanges(team, "gradSums", rows, 2 * C, [dyv, xv], (r0, r1, acc) => ({
        dy: dyv,
        x: xv,
        mean: meanv,
        r0,
        r1,
        sums: acc,
      }), minRows);
    const k = gradCoefficients(
      sums,
      f32(backend, scale),
      f32(backend, variance),
      varianceEpsilon,
      rows,
    );
    const dxInfo = out(backend, [...x.shape], dx);
    if (params) {
      // dx = k1·dy + k2·x + (k3 − k2·mean) in one SIMD pass.
      params.set(k.k1, C);
      params.set(k.k2, 2 * C);
      for (let c = 0; c < C; c++) params[3 * C + c] = k.k3[c] - k.k2[c] * meanv[c];
      const p = params.byteOffset;
      simdRanges(team, "channelAffine", rows, (r0, r1) => [
        at(dyv, r0 * C),
        at(xv, r0 * C),
        at(dx, r0 * C),
        r1 - r0,
        C,
        p + 4 * C,
        p + 8 * C,
        p + 12 * C,
      ], minRows);
    } else {
      const coefficients = { k1: k.k1, k2: k.k2, k3: k.k3 };
      // Σ dx per channel comes free with the pass: it is the bias gradient of the convolution before.
      const dxSums = reduceRanges(team, "gradApply", rows, C, [dyv, xv, dx], (r0, r1, acc) => ({
        dy: dyv,
        x: xv,
        mean: meanv,
        k: coefficients,
        dx,
        r0,
        r1,
        sums: acc,
      }), minRows);
      rememberChannelSums(dxInfo.dataId, dxSums);
    }
    return [dxInfo, out(backend, [C], k.dScale), out(backend, [C], k.dOffset)];
  } finally {
    if (params) heap!.release(params);
  }
}

/** Registers {@linkcode batchNormTrainingGrad} on the native backend. */
export const batchNormTrainingGradConfig: tf.KernelConfig = nativeKernelConfig(
  BATCH_NORM_TRAINING_GRAD,
  batchNormTrainingGrad,
);
