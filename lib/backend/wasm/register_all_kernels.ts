/**
 * Registers every serlab kernel for tfjs's wasm backend in one loop.
 *
 * @module
 */
import "@tensorflow/tfjs-backend-wasm";
import {
  getGradient,
  getKernel,
  type KernelConfig,
  registerGradient,
  registerKernel,
  unregisterKernel,
} from "@tensorflow/tfjs";
import { routeBatchNormLayerToKernel } from "../_shared/_batch_norm_layer_route.ts";
import { batchNormTrainingGradientConfig } from "../_shared/_batch_norm_training.ts";
import { rememberStockKernel } from "./_stock_kernels.ts";
import { batchNormTrainingConfig } from "./kernels/batch_norm_training.ts";
import { batchNormTrainingGradConfig } from "./kernels/batch_norm_training_grad.ts";
import { castConfig } from "./kernels/cast.ts";
import { conv2DBackpropFilterConfig } from "./kernels/conv2d_backprop_filter.ts";
import { conv2DBackpropInputConfig } from "./kernels/conv2d_backprop_input.ts";
import { fusedBatchNormConfig } from "./kernels/fused_batch_norm.ts";
import { fusedBatchNormGradConfig } from "./kernels/fused_batch_norm_grad.ts";
import { fusedBatchNormGradientConfig } from "./kernels/fused_batch_norm_gradient.ts";
import { identityConfig } from "./kernels/identity.ts";
import { maxPoolGradConfig } from "./kernels/max_pool_grad.ts";
import { meanConfig } from "./kernels/mean.ts";
import { sumConfig } from "./kernels/sum.ts";

/**
 * The kernels, missing from or slow in tfjs-backend-wasm 4.22, that training
 * needs; each replaced one was measured on a training step of the seed CNN.
 */
const TRAINING_KERNELS: KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  batchNormTrainingConfig,
  batchNormTrainingGradConfig,
  fusedBatchNormConfig,
  fusedBatchNormGradConfig,
  maxPoolGradConfig,
  sumConfig,
  meanConfig,
  identityConfig,
  castConfig,
];

/**
 * Registers the wasm kernels that training needs, replacing stock ones
 * where they are slow (the replaced ones stay reachable for the cases the
 * replacements hand back), and the batch-norm gradient that uses the fused
 * backward kernel. Safe to call any number of times, before or after the
 * wasm backend starts.
 *
 * @example Idempotent
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { registerWasmTrainingKernels } from "./register_all_kernels.ts";
 * import { assertEquals } from "@std/assert";
 *
 * registerWasmTrainingKernels();
 * const config = tf.getKernel("Conv2DBackpropFilter", "wasm");
 * registerWasmTrainingKernels();
 * assertEquals(tf.getKernel("Conv2DBackpropFilter", "wasm"), config);
 * ```
 */
export function registerWasmTrainingKernels(): void {
  for (const config of TRAINING_KERNELS) {
    const current = getKernel(config.kernelName, config.backendName);
    if (current === config) continue;
    if (current !== undefined) {
      rememberStockKernel(current);
      unregisterKernel(config.kernelName, config.backendName);
    }
    registerKernel(config);
  }
  if (getGradient("FusedBatchNorm") !== fusedBatchNormGradientConfig) {
    registerGradient(fusedBatchNormGradientConfig);
  }
  // The native backend registers an equivalent gradient; either serves both.
  if (getGradient(batchNormTrainingGradientConfig.kernelName) === undefined) {
    registerGradient(batchNormTrainingGradientConfig);
  }
  routeBatchNormLayerToKernel();
}
