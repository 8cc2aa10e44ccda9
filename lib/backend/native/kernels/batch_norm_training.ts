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
import { channelAffine, channelShiftedSums } from "./_channel_passes.ts";
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
  const shift = momentShift(xv, C);
  const sums = channelShiftedSums(team, xv, shift);
  const { mean, variance } = batchMomentsFromSums(sums, shift, xv.length / C);
  const { a, b } = normCoefficients(
    mean,
    variance,
    f32(backend, scale),
    f32(backend, offset),
    varianceEpsilon,
  );
  const y = pool.alloc(xv.length);
  channelAffine(team, xv, a, b, y);
  return [out(backend, [...x.shape], y), out(backend, [C], mean), out(backend, [C], variance)];
}

/** Registers {@linkcode batchNormTraining} on the native backend. */
export const batchNormTrainingConfig: tf.KernelConfig = nativeKernelConfig(
  BATCH_NORM_TRAINING,
  batchNormTraining,
);
