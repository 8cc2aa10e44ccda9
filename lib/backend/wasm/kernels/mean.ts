/**
 * `Mean` for the wasm backend: per-channel reductions (over the leading axes)
 * in one pass; every other case goes to tfjs-backend-wasm's kernel.
 *
 * @module
 */
import type { KernelConfig, MeanAttrs, MeanInputs, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { wasmKernelConfig } from "../_stock_kernels.ts";
import { leadingAxesKernel } from "./_leading_axes.ts";

/**
 * Mean on the wasm backend; reductions over the leading axes of a float32
 * tensor (e.g. over [0, 1, 2] of NHWC) run in one pass, with float64
 * accumulation.
 *
 * @param args `x`; `axis` and `keepDims`.
 * @returns The reduced tensor.
 *
 * @example Per-channel mean on wasm
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { setupWasmBackend } from "../setup_wasm_backend.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await setupWasmBackend();
 * const x = tf.tensor3d([1, 10, 3, 30], [2, 1, 2]);
 * assertEquals(Array.from(tf.mean(x, [0, 1]).dataSync()), [2, 20]);
 * ```
 */
export const mean: (
  args: { inputs: MeanInputs; backend: BackendWasm; attrs: MeanAttrs },
) => TensorInfo = leadingAxesKernel("Mean");

/** Registers {@linkcode mean} as the wasm backend's `Mean`. */
export const meanConfig: KernelConfig = wasmKernelConfig("Mean", mean, true);
