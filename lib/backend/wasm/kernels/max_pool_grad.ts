/**
 * `MaxPoolGrad` for the wasm backend, replacing tfjs 4.22's C++ kernel
 * (which loops over every input pixel and every window that could hold it:
 * 320 ms per training step of the seed CNN).
 *
 * @module
 */
import type {
  KernelConfig,
  MaxPoolGradAttrs,
  MaxPoolGradInputs,
  TensorInfo,
} from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { wasmKernelConfig } from "../_stock_kernels.ts";
import { allocF32, heapF32, heapOffset } from "../_heap.ts";
import { maxPoolGradAnyWindow } from "../../_shared/_max_pool_grad_impl.ts";
import { isPlain2x2Pool, poolGeometryOf } from "../../_shared/_pool_geometry.ts";
import { requireFloat4d } from "./_checks.ts";
import { simdKernels } from "./_simd.ts";

const KERNEL = "MaxPoolGrad";

/**
 * Gradient of an NHWC max pool on the wasm backend, any window, stride and
 * padding, with tfjs cpu's tie rule (first maximum in row-major order).
 *
 * @param args `dy` (pool output gradient), `input` (pool input) and
 *   `output` (unused), float32; the pool's `filterSize`, `strides`, `pad`,
 *   `dimRoundingMode`.
 * @returns dx, the shape of `input`.
 *
 * @example Gradient of a 2×2 pool on wasm
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { setupWasmBackend } from "../setup_wasm_backend.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await setupWasmBackend();
 * const x = tf.tensor4d([1, 3, 2, 0], [1, 2, 2, 1]);
 * const dx = tf.grad((v: tf.Tensor) => tf.maxPool(v as tf.Tensor4D, 2, 2, "valid").sum())(x);
 * assertEquals(Array.from(dx.dataSync()), [0, 1, 0, 0]);
 * ```
 */
export function maxPoolGrad(args: {
  inputs: MaxPoolGradInputs;
  backend: BackendWasm;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = requireFloat4d(KERNEL, "dy", inputs.dy);
  const input = requireFloat4d(KERNEL, "input", inputs.input);
  const geometry = poolGeometryOf(input.shape, attrs);
  const dx = allocF32(backend, [...input.shape]);
  const simd = isPlain2x2Pool(geometry) && geometry.channels % 4 === 0
    ? simdKernels(backend)
    : null;
  if (simd === null) {
    maxPoolGradAnyWindow(
      heapF32(backend, dy),
      heapF32(backend, input),
      geometry,
      heapF32(backend, dx),
    );
    return dx;
  }
  const { batchSize, inHeight, inWidth, channels, outHeight, outWidth } = geometry;
  // Rows and columns that no window covers (odd sizes) get no gradient.
  if (inHeight !== 2 * outHeight || inWidth !== 2 * outWidth) heapF32(backend, dx).fill(0);
  simd.maxPoolGrad2x2(
    heapOffset(backend, input),
    heapOffset(backend, dy),
    heapOffset(backend, dx),
    batchSize,
    inHeight,
    inWidth,
    channels,
    outHeight,
    outWidth,
  );
  return dx;
}

/** Registers {@linkcode maxPoolGrad} as the wasm backend's `MaxPoolGrad`. */
export const maxPoolGradConfig: KernelConfig = wasmKernelConfig(KERNEL, maxPoolGrad);
