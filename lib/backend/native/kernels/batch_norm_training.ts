import * as tf from "@tensorflow/tfjs";
import { momentShift } from "../../_shared/_batch_norm_sums_impl.ts";
import {
  BATCH_NORM_TRAINING,
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
import { forRanges, MIN_PART, reduceRanges, simdRanges, simdReduceRanges } from "../_parallel.ts";
import { at, nativeHeap, onHeap, sumBlockRows } from "../_heap.ts";
import { batchMomentsFromSums, normCoefficients } from "./_batch_norm_training_impl.ts";

/**
 * Training-mode batch norm: normalises `x` by its own per-channel (last
 * axis) mean and biased variance, then scales and shifts. Two passes over
 * x, each shared by the backend's threads.
 *
 * @param args Kernel inputs `{x, scale, offset}` (float32; scale and offset [C]), the backend and `{varianceEpsilon}`.
 * @returns `[y, mean, variance]`: y shaped like x, the moments [C].
 */
export function batchNormTraining(args: KernelArgs): tf.TensorInfo[] {
  const { x, scale, offset } = args.inputs as Inputs<"x" | "scale" | "offset">;
  const { varianceEpsilon } = args.attrs as unknown as BatchNormTrainingAttrs;
  const backend = args.backend as CpuBackend;
  const C = x.shape[x.shape.length - 1];
  for (const [name, t] of [["scale", scale], ["offset", offset]] as const) {
    if (t == null || t.dtype !== "float32" || t.shape.length !== 1 || t.shape[0] !== C) {
      throw new RangeError(
        `Cannot run ${BATCH_NORM_TRAINING} as ${name} must be float32 of shape [${C}]: ` +
          `current shape is ${t ? `[${t.shape}]` : "missing"}`,
      );
    }
  }
  const { pool, team } = nativeContext(backend);
  const xv = f32(backend, x);
  const rows = xv.length / C;
  const minRows = Math.ceil(MIN_PART / C);
  const shift = momentShift(xv, C);
  const y = pool.alloc(xv.length);
  const heap = C % 4 === 0 && onHeap(xv, y) ? nativeHeap() : null;
  // Per-channel parameters of the SIMD kernels, on the heap: shift, then a and b.
  const params = heap?.f32(3 * C) ?? null;
  try {
    let sums: Float64Array;
    if (params) {
      params.set(shift);
      const block = sumBlockRows(C);
      sums = simdReduceRanges(
        team,
        "channelSums",
        rows,
        2 * C,
        (r0, r1, acc) => [at(xv, r0 * C), r1 - r0, C, params.byteOffset, acc, acc + 8 * C, block],
        minRows,
      );
    } else {
      sums = reduceRanges(team, "channelSums", rows, 2 * C, [xv], (r0, r1, acc) => ({
        x: xv,
        shift,
        r0,
        r1,
        sums: acc,
      }), minRows);
    }
    const { mean, variance } = batchMomentsFromSums(sums, shift, rows);
    const { a, b } = normCoefficients(
      mean,
      variance,
      f32(backend, scale),
      f32(backend, offset),
      varianceEpsilon,
    );
    if (params) {
      params.set(a, C);
      params.set(b, 2 * C);
      const [aAt, bAt] = [params.byteOffset + 4 * C, params.byteOffset + 8 * C];
      simdRanges(
        team,
        "channelAffine",
        rows,
        (r0, r1) => [at(xv, r0 * C), 0, at(y, r0 * C), r1 - r0, C, aAt, 0, bAt],
        minRows,
      );
    } else {
      forRanges(
        team,
        "channelAffine",
        rows,
        [xv, y],
        (r0, r1) => ({ x: xv, a, b, y, r0, r1 }),
        minRows,
      );
    }
    return [out(backend, [...x.shape], y), out(backend, [C], mean), out(backend, [C], variance)];
  } finally {
    if (params) heap!.release(params);
  }
}

/** Registers {@linkcode batchNormTraining} on the native backend. */
export const batchNormTrainingConfig: tf.KernelConfig = nativeKernelConfig(
  BATCH_NORM_TRAINING,
  batchNormTraining,
);
