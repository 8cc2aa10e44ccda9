import * as tf from "@tensorflow/tfjs";
import {
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  nativeContext,
  nativeKernelConfig,
  out,
  runCpuKernel,
} from "../_backend_util.ts";
import { channelAffine } from "./_channel_passes.ts";
import { normCoefficients } from "./_batch_norm_training_impl.ts";

/**
 * `FusedBatchNorm` (inference-mode batch norm with given statistics) on the
 * native backend: y = a·x + b per channel in one pass over all threads.
 * tfjs's CPU kernel takes four modulos and a square root per element.
 * Statistics not of the last axis' length run the stock CPU kernel.
 *
 * @param args Kernel inputs `{x, mean, variance, offset?, scale?}`, the backend and `FusedBatchNormAttrs`.
 * @returns The normalised tensor.
 */
export function fusedBatchNorm(args: KernelArgs): tf.TensorInfo {
  const { x, mean, variance, offset, scale } = args.inputs as Inputs<
    "x" | "mean" | "variance",
    "offset" | "scale"
  >;
  const { varianceEpsilon } = args.attrs as unknown as tf.FusedBatchNormAttrs;
  const C = x.shape[x.shape.length - 1];
  const perChannel = (t: tf.TensorInfo | null | undefined) =>
    t == null || (t.dtype === "float32" && tf.util.sizeFromShape(t.shape) === C);
  if (
    x.dtype !== "float32" || !perChannel(mean) || !perChannel(variance) || !perChannel(offset) ||
    !perChannel(scale)
  ) {
    return runCpuKernel(tf.FusedBatchNorm, args);
  }
  const backend = args.backend as CpuBackend;
  const { pool, team } = nativeContext(backend);
  const { a, b } = normCoefficients(
    f32(backend, mean),
    f32(backend, variance),
    scale ? f32(backend, scale) : null,
    offset ? f32(backend, offset) : null,
    varianceEpsilon,
  );
  const xv = f32(backend, x);
  const y = pool.alloc(xv.length);
  channelAffine(team, xv, a, b, y);
  return out(backend, [...x.shape], y);
}

/** Registers {@linkcode fusedBatchNorm} as `FusedBatchNorm` of the native backend. */
export const fusedBatchNormConfig: tf.KernelConfig = nativeKernelConfig(
  tf.FusedBatchNorm,
  fusedBatchNorm,
);
