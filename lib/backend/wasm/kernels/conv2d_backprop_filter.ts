/**
 * `Conv2DBackpropFilter` for the wasm backend, which tfjs 4.22 lacks.
 *
 * @module
 */
import {
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  getKernel,
  type KernelConfig,
  type TensorInfo,
} from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { wasmKernelConfig } from "../_stock_kernels.ts";
import {
  allocF32,
  allocF64,
  disposeInfo,
  disposeView,
  heapF32,
  heapOffset,
  viewF32,
} from "../_heap.ts";
import type { ConvGeometry } from "../../_shared/_conv_geometry.ts";
import { im2colTransposed, padImagesMono } from "./_conv2d_backprop_filter_impl.ts";
import { requireFloat4d } from "./_checks.ts";
import { convGradGeometryOf } from "./_conv_info.ts";
import { type SimdKernels, simdKernels } from "./_simd.ts";

const KERNEL = "Conv2DBackpropFilter";

/**
 * Output positions per GEMM, so the patch matrix of a chunk stays in cache
 * and memory stays bounded. Measured on the seed CNN's layers (batch 32):
 * 1024 to 16384 are within 10% of each other, 2048 the fastest.
 */
const POSITIONS_PER_CHUNK = 2048;

/**
 * Filter gradient of an NHWC 2-D convolution (dilation 1, any stride and
 * padding) on the wasm backend.
 *
 * Each chunk of images is unfolded K-major (by the SIMD im2col for column
 * stride 1 and 1 or 4k channels, else in JS) and multiplied with its slice of
 * `dy` by the backend's own XNNPACK GEMM (`BatchMatMul`, 20-28 GFLOP/s on one
 * core, far beyond any JS loop); the chunks' products are summed.
 *
 * @param args `x` `[batch, height, width, inChannels]` and `dy`
 *   `[batch, outHeight, outWidth, outChannels]`, float32; the forward conv's
 *   `strides`, `pad`, `dimRoundingMode`, `dataFormat` (NHWC only) and `filterShape`.
 * @returns dW, `[filterHeight, filterWidth, inChannels, outChannels]`.
 *
 * @example Gradient of a conv on wasm
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { setupWasmBackend } from "../setup_wasm_backend.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await setupWasmBackend();
 * const x = tf.ones([1, 3, 3, 1]) as tf.Tensor4D;
 * const dW = tf.grad((w: tf.Tensor) => tf.conv2d(x, w as tf.Tensor4D, 1, "valid").sum())(
 *   tf.zeros([3, 3, 1, 1]),
 * );
 * assertEquals(Array.from(dW.dataSync()), Array(9).fill(1));
 * ```
 */
export function conv2DBackpropFilter(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = requireFloat4d(KERNEL, "x", inputs.x);
  const dy = requireFloat4d(KERNEL, "dy", inputs.dy);
  const { geometry } = convGradGeometryOf(
    KERNEL,
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs,
  );
  const { batchSize, outHeight, outWidth, outChannels, filterHeight, filterWidth, inChannels } =
    geometry;
  const taps = filterHeight * filterWidth * inChannels;
  const perImage = outHeight * outWidth;
  const out = allocF32(backend, [...attrs.filterShape]);
  if (taps * outChannels === 0) return out;
  if (batchSize * perImage === 0) {
    heapF32(backend, out).fill(0);
    return out;
  }
  const imagesPerChunk = Math.max(
    1,
    Math.min(batchSize, Math.floor(POSITIONS_PER_CHUNK / perImage)),
  );
  const simd = simdKernels(backend);
  if (
    simd !== null && inChannels === 1 && filterHeight === 3 && filterWidth === 3 &&
    geometry.strideHeight === 1 && geometry.strideWidth === 1 && outChannels % 4 === 0
  ) {
    return viaMonoKernel(backend, simd, x, dy, geometry, imagesPerChunk, out);
  }
  const simdIm2col = geometry.strideWidth === 1 && (inChannels === 1 || inChannels % 4 === 0)
    ? simd
    : null;
  return viaGemm(backend, simdIm2col, x, dy, geometry, imagesPerChunk, out);
}

/** im2col per chunk of images, then XNNPACK's GEMM; the chunks' products summed into `out`. */
function viaGemm(
  backend: BackendWasm,
  simd: SimdKernels | null,
  x: TensorInfo,
  dy: TensorInfo,
  geometry: ConvGeometry,
  imagesPerChunk: number,
  out: TensorInfo,
): TensorInfo {
  const { batchSize, outHeight, outWidth, outChannels, filterHeight, filterWidth, inChannels } =
    geometry;
  const taps = filterHeight * filterWidth * inChannels;
  const perImage = outHeight * outWidth;
  const batchMatMul = getKernel("BatchMatMul", "wasm")!.kernelFunc;
  const cols = allocF32(backend, [taps * imagesPerChunk * perImage]);
  for (let first = 0; first < batchSize; first += imagesPerChunk) {
    const count = Math.min(imagesPerChunk, batchSize - first);
    const positions = count * perImage;
    if (simd === null) {
      im2colTransposed(
        heapF32(backend, x),
        geometry,
        first,
        count,
        heapF32(backend, cols).subarray(0, taps * positions),
      );
    } else {
      simd.im2colTransposed(
        heapOffset(backend, x),
        heapOffset(backend, cols),
        first,
        count,
        geometry.inHeight,
        geometry.inWidth,
        inChannels,
        outHeight,
        outWidth,
        filterHeight,
        filterWidth,
        geometry.strideHeight,
        geometry.padTop,
        geometry.padLeft,
      );
    }
    const a = viewF32(backend, cols, 0, [1, taps, positions]);
    const b = viewF32(backend, dy, first * perImage * outChannels, [1, positions, outChannels]);
    const product = batchMatMul({
      inputs: { a, b },
      backend,
      attrs: { transposeA: false, transposeB: false },
    }) as TensorInfo;
    const sum = heapF32(backend, out);
    const part = heapF32(backend, product);
    if (first === 0) sum.set(part);
    else for (let i = 0; i < sum.length; i++) sum[i] += part[i];
    disposeInfo(backend, product);
    disposeView(backend, a);
    disposeView(backend, b);
  }
  disposeInfo(backend, cols);
  return out;
}

/**
 * The first layer of a spectrogram CNN (one input channel, 3×3, stride 1):
 * a GEMM would have only 9 rows, so the SIMD kernel keeps the 9 taps × 4
 * output channels in registers instead (measured 37 ms → 7 ms per step of
 * the seed CNN).
 */
function viaMonoKernel(
  backend: BackendWasm,
  simd: SimdKernels,
  x: TensorInfo,
  dy: TensorInfo,
  geometry: ConvGeometry,
  imagesPerChunk: number,
  out: TensorInfo,
): TensorInfo {
  const { batchSize, outHeight, outWidth, outChannels } = geometry;
  const padded = allocF32(backend, [imagesPerChunk * (outHeight + 2) * (outWidth + 2)]);
  const sums = allocF64(backend, 9 * outChannels);
  for (let first = 0; first < batchSize; first += imagesPerChunk) {
    const count = Math.min(imagesPerChunk, batchSize - first);
    padImagesMono(heapF32(backend, x), geometry, first, count, heapF32(backend, padded));
    simd.filterGrad3x3Mono(
      heapOffset(backend, padded),
      heapOffset(backend, dy),
      sums.offset,
      first,
      count,
      outHeight,
      outWidth,
      outChannels,
    );
  }
  const total = sums.view();
  const result = heapF32(backend, out);
  for (let i = 0; i < result.length; i++) result[i] = total[i];
  disposeInfo(backend, sums.info);
  disposeInfo(backend, padded);
  return out;
}

/** Registers {@linkcode conv2DBackpropFilter} as the wasm backend's `Conv2DBackpropFilter`. */
export const conv2DBackpropFilterConfig: KernelConfig = wasmKernelConfig(
  KERNEL,
  conv2DBackpropFilter,
);
