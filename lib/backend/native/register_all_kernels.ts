import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND_NAME } from "./_backend_util.ts";
import { batchNormTrainingGradientConfig } from "../_shared/_batch_norm_training.ts";
import { batchNormTrainingConfig } from "./kernels/batch_norm_training.ts";
import { batchNormTrainingGradConfig } from "./kernels/batch_norm_training_grad.ts";
import { adamConfig } from "./kernels/adam.ts";
import { addConfig } from "./kernels/add.ts";
import { batchMatMulConfig } from "./kernels/batch_mat_mul.ts";
import { conv2dConfig } from "./kernels/conv2d.ts";
import { conv2dBackpropFilterConfig } from "./kernels/conv2d_backprop_filter.ts";
import { conv2dBackpropInputConfig } from "./kernels/conv2d_backprop_input.ts";
import { dropoutConfig, dropoutGradConfig } from "./kernels/dropout.ts";
import { floorConfig } from "./kernels/floor.ts";
import { fusedBatchNormConfig } from "./kernels/fused_batch_norm.ts";
import { fusedConv2dConfig } from "./kernels/fused_conv2d.ts";
import { fusedMatMulConfig } from "./kernels/fused_mat_mul.ts";
import { maxPoolConfig } from "./kernels/max_pool.ts";
import { maxPoolGradConfig } from "./kernels/max_pool_grad.ts";
import { meanConfig } from "./kernels/mean.ts";
import { multiplyConfig } from "./kernels/multiply.ts";
import { realDivConfig } from "./kernels/real_div.ts";
import { reluConfig } from "./kernels/relu.ts";
import { reluGradConfig } from "./kernels/relu_grad.ts";
import { reluGradientFor } from "./kernels/_relu_gradient.ts";
import { sqrtConfig } from "./kernels/sqrt.ts";
import { squareConfig } from "./kernels/square.ts";
import { subConfig } from "./kernels/sub.ts";
import { sumConfig } from "./kernels/sum.ts";

/** Every kernel the native backend implements itself; the rest come from tfjs's CPU backend. */
export const NATIVE_KERNEL_CONFIGS: readonly tf.KernelConfig[] = [
  conv2dConfig,
  fusedConv2dConfig,
  conv2dBackpropInputConfig,
  conv2dBackpropFilterConfig,
  maxPoolConfig,
  maxPoolGradConfig,
  reluConfig,
  reluGradConfig,
  batchNormTrainingConfig,
  batchNormTrainingGradConfig,
  sumConfig,
  meanConfig,
  addConfig,
  subConfig,
  multiplyConfig,
  realDivConfig,
  floorConfig,
  sqrtConfig,
  squareConfig,
  dropoutConfig,
  fusedBatchNormConfig,
  batchMatMulConfig,
  fusedMatMulConfig,
  adamConfig,
];

let registered = false;

/**
 * Registers the native backend's kernels: every stock CPU kernel under
 * {@linkcode NATIVE_BACKEND_NAME}, then serlab's own in place of the hot
 * ones, and the gradients that route to them. Idempotent.
 *
 * @returns The names of the kernels serlab implements itself.
 *
 * @example The native backend's kernels
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { registerAllKernels } from "./register_all_kernels.ts";
 * import { assert } from "@std/assert";
 *
 * const own = registerAllKernels();
 * assert(own.includes("Conv2DBackpropFilter"));
 * assert(tf.getKernel("Softmax", "serlab-native") !== undefined); // from tfjs's CPU backend
 * ```
 */
export function registerAllKernels(): string[] {
  const own = NATIVE_KERNEL_CONFIGS.map((c) => c.kernelName);
  if (registered) return own;
  const ownSet = new Set(own);
  for (const config of tf.getKernelsForBackend("cpu")) {
    if (ownSet.has(config.kernelName)) continue;
    if (tf.getKernel(config.kernelName, NATIVE_BACKEND_NAME)) continue;
    tf.registerKernel({ ...config, backendName: NATIVE_BACKEND_NAME });
  }
  for (const config of NATIVE_KERNEL_CONFIGS) {
    if (!tf.getKernel(config.kernelName, NATIVE_BACKEND_NAME)) tf.registerKernel(config);
  }
  tf.registerGradient(batchNormTrainingGradientConfig);
  tf.registerGradient(dropoutGradConfig);
  const reluGradient = tf.getGradient(tf.Relu);
  if (reluGradient) tf.registerGradient(reluGradientFor(reluGradient));
  registered = true;
  return own;
}
