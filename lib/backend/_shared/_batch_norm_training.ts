/**
 * The contract of serlab's fused training-mode batch norm, which both
 * backends implement: kernel names, attributes, and the one tape gradient
 * (gradients are registered per kernel name, not per backend).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/**
 * Kernel name of training-mode batch norm over all axes but the last:
 * inputs `{x, scale, offset}`, attributes {@linkcode BatchNormTrainingAttrs},
 * outputs `[y, mean, variance]` (the batch's mean and biased variance).
 */
export const BATCH_NORM_TRAINING = "SerlabBatchNormTraining";

/**
 * Kernel name of its gradient: inputs `{dy, x, scale, mean, variance}`,
 * the same attributes, outputs `[dx, dScale, dOffset]`.
 */
export const BATCH_NORM_TRAINING_GRAD = "SerlabBatchNormTrainingGrad";

/** Attributes of {@linkcode BATCH_NORM_TRAINING} and its gradient. */
export interface BatchNormTrainingAttrs {
  /** ε added to the variance. */
  varianceEpsilon: number;
}

/**
 * Gradient of {@linkcode BATCH_NORM_TRAINING} for tfjs's tape: dx, dScale
 * and dOffset from one {@linkcode BATCH_NORM_TRAINING_GRAD} kernel of the
 * active backend. The mean and variance outputs only feed the moving
 * averages, so no gradient flows from them.
 *
 * @example Registered for the kernel name
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { BATCH_NORM_TRAINING, batchNormTrainingGradientConfig } from "./_batch_norm_training.ts";
 * import { assertEquals } from "@std/assert";
 *
 * tf.registerGradient(batchNormTrainingGradientConfig);
 * assertEquals(tf.getGradient(BATCH_NORM_TRAINING)?.inputsToSave, ["x", "scale"]);
 * ```
 */
export const batchNormTrainingGradientConfig: tf.GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ["x", "scale"],
  outputsToSave: [false, true, true],
  gradFunc: (dy, saved, attrs) => {
    const [x, scale, mean, variance] = saved;
    const [dx, dScale, dOffset] = tf.engine().runKernel(
      BATCH_NORM_TRAINING_GRAD,
      { dy: Array.isArray(dy) ? dy[0] : dy, x, scale, mean, variance },
      attrs as tf.NamedAttrMap,
    ) as tf.Tensor[];
    return { x: () => dx, scale: () => dScale, offset: () => dOffset };
  },
};
