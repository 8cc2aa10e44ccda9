/**
 * `Identity` for the wasm backend without a copy. tfjs-backend-wasm 4.22
 * copies the tensor (170 copies, 54 ms per training step of the seed CNN);
 * tfjs's cpu backend shares the data, as here.
 *
 * @module
 */
import type { IdentityInputs, KernelConfig, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { stockKernel, wasmKernelConfig } from "../_stock_kernels.ts";
import { requireInput } from "./_checks.ts";

/**
 * Identity on the wasm backend: the output shares the input's heap bytes
 * (reference counted, as `Reshape` already does). Strings go to the stock kernel.
 *
 * @param args `x`.
 * @returns A tensor with x's data.
 *
 * @example Clone on wasm
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { setupWasmBackend } from "../setup_wasm_backend.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await setupWasmBackend();
 * const x = tf.tensor1d([1, 2]);
 * const y = tf.clone(x);
 * x.dispose();
 * assertEquals(Array.from(y.dataSync()), [1, 2]);
 * ```
 */
export function identity(args: { inputs: IdentityInputs; backend: BackendWasm }): TensorInfo {
  const { inputs, backend } = args;
  const x = requireInput("Identity", "x", inputs.x);
  if (x.dtype === "string") return stockKernel("Identity")(args as never) as TensorInfo;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** Registers {@linkcode identity} as the wasm backend's `Identity`. */
export const identityConfig: KernelConfig = wasmKernelConfig("Identity", identity, true);
