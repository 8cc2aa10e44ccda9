/**
 * The portable training backend: tfjs's wasm backend (XNNPACK, SIMD) in
 * Deno, with the kernels that training needs and tfjs-backend-wasm 4.22
 * lacks or runs slowly: `Conv2DBackpropFilter`, a fast `Conv2DBackpropInput`,
 * a fused batch-norm backward, `MaxPoolGrad` and per-channel reductions.
 *
 * @example Train one step on wasm
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { setupWasmBackend } from "./mod.ts";
 * import { assert } from "@std/assert";
 *
 * await setupWasmBackend();
 * const model = tf.sequential({
 *   layers: [
 *     tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, padding: "same" }),
 *     tf.layers.batchNormalization(),
 *     tf.layers.flatten(),
 *     tf.layers.dense({ units: 2, activation: "softmax" }),
 *   ],
 * });
 * model.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
 * const loss = await model.trainOnBatch(tf.ones([2, 8, 8, 1]), tf.oneHot([0, 1], 2));
 * assert(Number.isFinite(loss as number));
 * ```
 *
 * @module
 */
export * from "./register_all_kernels.ts";
export * from "./setup_wasm_backend.ts";
