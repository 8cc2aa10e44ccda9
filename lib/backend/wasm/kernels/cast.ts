/**
 * `Cast` for the wasm backend: a cast to the tensor's own dtype shares the
 * data instead of copying it (tfjs's moments cast float32 to float32).
 *
 * @module
 */
import type { CastAttrs, CastInputs, KernelConfig, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { stockKernel, wasmKernelConfig } from "../_stock_kernels.ts";
import { requireInput } from "./_checks.ts";

/**
 * Cast on the wasm backend; same-dtype casts share the input's heap bytes,
 * real conversions go to the stock kernel.
 *
 * @param args `x`; target `dtype`.
 * @returns x as `dtype`.
 *
 * @example Both routes
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { setupWasmBackend } from "../setup_wasm_backend.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await setupWasmBackend();
 * const x = tf.tensor1d([1.5, 2]);
 * assertEquals(Array.from(tf.cast(x, "float32").dataSync()), [1.5, 2]);
 * assertEquals(Array.from(tf.cast(x, "int32").dataSync()), [1, 2]);
 * ```
 */
export function cast(args: {
  inputs: CastInputs;
  backend: BackendWasm;
  attrs: CastAttrs;
}): TensorInfo {
  const { inputs, backend, attrs: { dtype } } = args;
  const x = requireInput("Cast", "x", inputs.x);
  if (x.dtype !== dtype || dtype === "string") {
    return stockKernel("Cast")(args as never) as TensorInfo;
  }
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype };
}

/** Registers {@linkcode cast} as the wasm backend's `Cast`. */
export const castConfig: KernelConfig = wasmKernelConfig("Cast", cast, true);
