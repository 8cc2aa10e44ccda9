/**
 * The tape gradient of the fused training batch norm.
 *
 * @module
 */
import { engine, type GradConfig, type NamedAttrMap, type Tensor } from "@tensorflow/tfjs";
import { BATCH_NORM_TRAINING } from "./batch_norm_training.ts";
import { BATCH_NORM_TRAINING_GRAD } from "./batch_norm_training_grad.ts";

/**
 * Gradient of `SerlabBatchNormTraining`: dx, dScale and dOffset from one
 * `SerlabBatchNormTrainingGrad` kernel of the active backend. The mean and
 * variance outputs only feed the moving averages, so no gradient flows
 * from them. Same contract as the native backend's, so either may be the
 * one registered.
 *
 * @example Registered by the wasm kernels
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { registerWasmTrainingKernels } from "../register_all_kernels.ts";
 * import { assertExists } from "@std/assert";
 *
 * registerWasmTrainingKernels();
 * assertExists(tf.getGradient("SerlabBatchNormTraining"));
 * ```
 */
export const batchNormTrainingGradientConfig: GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ["x", "scale"],
  outputsToSave: [false, true, true],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, scale, mean, variance] = saved;
    const [dx, dScale, dOffset] = engine().runKernel(
      BATCH_NORM_TRAINING_GRAD,
      { dy: Array.isArray(dy) ? dy[0] : dy, x, scale, mean, variance },
      attrs,
    ) as Tensor[];
    return { x: () => dx, scale: () => dScale, offset: () => dOffset };
  },
};
