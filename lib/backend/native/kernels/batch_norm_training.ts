import * as tf from "@tensorflow/tfjs";
import { type CpuBackend, f32, type KernelArgs, nativeContext, NATIVE_BACKEND_NAME, out } from "../_backend_util.ts";
import { batchMomentsImpl, batchNormApplyImpl } from "./_batch_norm_training_impl.ts";

/** Kernel name of training-mode batch norm over all axes but the last. */
export const BATCH_NORM_TRAINING = "SerlabBatchNormTraining";

/** Attributes of {@linkcode BATCH_NORM_TRAINING} and its gradient. */
export interface BatchNormTrainingAttrs {
  /** ε added to the variance. */
  varianceEpsilon: number;
}

/**
 * Training-mode batch norm: normalises `x` by its own per-channel (last
 * axis) mean and biased variance, then scales and shifts.
 *
 * @param args Kernel inputs `{x, scale, offset}` (float32; scale and offset [C]), the backend and `{varianceEpsilon}`.
 * @returns `[y, mean, variance]`: y shaped like x, the moments [C].
 */
export function batchNormTraining(args: KernelArgs): tf.TensorInfo[] {
  const { x, scale, offset } = args.inputs;
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
  const { pool } = nativeContext(backend);
  const xv = f32(backend, x);
  const { mean, variance } = batchMomentsImpl(xv, C);
  const y = pool.alloc(xv.length);
  batchNormApplyImpl(
    xv,
    mean,
    variance,
    f32(backend, scale),
    f32(backend, offset),
    varianceEpsilon,
    y,
  );
  return [out(backend, [...x.shape], y), out(backend, [C], mean), out(backend, [C], variance)];
}

/** Registers {@linkcode batchNormTraining} on the native backend. */
export const batchNormTrainingConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_TRAINING,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: batchNormTraining,
};
