/**
 * The gradient of `FusedBatchNorm`, routed to the fused backward kernel on
 * backends that have it.
 *
 * @module
 */
import {
  engine,
  getBackend,
  getGradient,
  getKernel,
  type GradConfig,
  type NamedAttrMap,
  type NamedTensorMap,
  type Tensor,
} from "@tensorflow/tfjs";
import { FUSED_BATCH_NORM_GRAD } from "./fused_batch_norm_grad.ts";

/** tfjs's own gradient, captured before serlab's replaces it. */
const STOCK_GRADIENT: GradConfig | undefined = getGradient("FusedBatchNorm");

/**
 * Gradient of `FusedBatchNorm`. Where the active backend has the
 * `SerlabFusedBatchNormGrad` kernel and the statistics are per channel, all
 * five partial gradients come from that one kernel; elsewhere it is tfjs's
 * own gradient, unchanged. Registered globally (gradients are not per
 * backend), which is why it must fall back.
 *
 * @example Same gradient as tfjs on the cpu path
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { initBackend } from "../../init_backend.ts";
 * import { fusedBatchNormGradientConfig } from "./fused_batch_norm_gradient.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await initBackend({ path: "cpu", log: null });
 * tf.registerGradient(fusedBatchNormGradientConfig);
 * const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
 * const dx = tf.grad((v: tf.Tensor) => tf.batchNorm(v, [0, 0], [1, 1], [0, 0], [2, 2], 0).sum())(x);
 * assertEquals(Array.from(dx.dataSync()), [2, 2, 2, 2]);
 * ```
 */
export const fusedBatchNormGradientConfig: GradConfig = {
  kernelName: "FusedBatchNorm",
  inputsToSave: ["x", "mean", "variance", "scale"],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, mean, variance, scale] = saved;
    const channels = x.shape[x.rank - 1];
    const perChannel = (t: Tensor | undefined) =>
      t === undefined || t === null || (t.rank === 1 && t.shape[0] === channels);
    if (
      getKernel(FUSED_BATCH_NORM_GRAD, getBackend()) === undefined ||
      x.dtype !== "float32" || !perChannel(mean) || !perChannel(variance) || !perChannel(scale)
    ) {
      if (STOCK_GRADIENT?.gradFunc === undefined) {
        throw new Error("Cannot compute the gradient of FusedBatchNorm as tfjs registered none");
      }
      return STOCK_GRADIENT.gradFunc(dy, saved, attrs);
    }
    const inputs: NamedTensorMap = { x, dy: dy as Tensor, mean, variance };
    if (scale) inputs.scale = scale;
    // Computed eagerly, once: every input's gradient is requested anyway.
    const [dx, dMean, dVariance, dScale, dOffset] = engine().runKernel(
      FUSED_BATCH_NORM_GRAD,
      inputs,
      attrs,
    ) as Tensor[];
    return {
      x: () => dx,
      mean: () => dMean,
      variance: () => dVariance,
      scale: () => dScale,
      offset: () => dOffset,
    };
  },
};
