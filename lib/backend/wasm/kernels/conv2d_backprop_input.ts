/**
 * `Conv2DBackpropInput` for the wasm backend, replacing tfjs 4.22's scalar
 * C++ loop (1.7 s of a 4.4 s training step of the seed CNN).
 *
 * @module
 */
import {
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  getKernel,
  type KernelConfig,
  type TensorInfo,
} from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { wasmKernelConfig } from "../_stock_kernels.ts";
import { allocF32, disposeInfo, disposeView, heapF32, viewF32 } from "../_heap.ts";
import type { ConvGeometry } from "../../_shared/_conv_geometry.ts";
import {
  col2imAdd,
  rotateFilterForInputGradient,
  transposeFilter,
} from "./_conv2d_backprop_input_impl.ts";
import { requireFloat4d } from "./_checks.ts";
import { convGradGeometryOf } from "./_conv_info.ts";

const KERNEL = "Conv2DBackpropInput";

/** Output positions per GEMM on the strided route (as for the filter gradient). */
const POSITIONS_PER_CHUNK = 4096;

/**
 * Below this many input channels the stride-1 route would give XNNPACK's
 * convolution a near-empty output tile (1 channel uses 1/8 of it); the GEMM
 * route is faster there (measured 42 ms vs 17 ms for the seed CNN's first layer).
 */
const MIN_CHANNELS_FOR_CONV_ROUTE = 4;

/**
 * Input gradient of an NHWC 2-D convolution (dilation 1, any stride and
 * padding) on the wasm backend.
 *
 * With stride 1 it runs XNNPACK's convolution on `dy` with the rotated
 * filter; otherwise, or for inputs with few channels, an XNNPACK GEMM
 * `dy · wᵀ` per chunk of images, folded back with col2im in JS.
 *
 * @param args `dy` `[batch, outHeight, outWidth, outChannels]` and `filter`
 *   `[kh, kw, inChannels, outChannels]`, float32; the forward conv's
 *   `strides`, `pad`, `dimRoundingMode`, `dataFormat` (NHWC only) and `inputShape`.
 * @returns dx, `inputShape`.
 *
 * @example Gradient of a conv on wasm
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { setupWasmBackend } from "../setup_wasm_backend.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await setupWasmBackend();
 * const w = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
 * const dx = tf.grad((x: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, w, 1, "same").sum())(
 *   tf.zeros([1, 3, 3, 1]),
 * );
 * assertEquals(Array.from(dx.dataSync()), [4, 6, 4, 6, 9, 6, 4, 6, 4]);
 * ```
 */
export function conv2DBackpropInput(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = requireFloat4d(KERNEL, "dy", inputs.dy);
  const filter = requireFloat4d(KERNEL, "filter", inputs.filter);
  const { geometry, info } = convGradGeometryOf(
    KERNEL,
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs,
  );
  const { top, bottom, left, right } = info.padInfo;
  const { filterHeight: KH, filterWidth: KW } = geometry;
  const pads: [number, number][] = [[0, 0], [KH - 1 - top, KH - 1 - bottom], [
    KW - 1 - left,
    KW - 1 - right,
  ], [0, 0]];
  const convRoute = geometry.strideHeight === 1 && geometry.strideWidth === 1 &&
    geometry.inChannels >= MIN_CHANNELS_FOR_CONV_ROUTE &&
    pads.every(([a, b]) => a >= 0 && b >= 0) &&
    geometry.outHeight + pads[1][0] + pads[1][1] - KH + 1 === geometry.inHeight &&
    geometry.outWidth + pads[2][0] + pads[2][1] - KW + 1 === geometry.inWidth;
  if (sizeOf(attrs.inputShape) === 0 || sizeOf(dy.shape) === 0 || sizeOf(filter.shape) === 0) {
    const out = allocF32(backend, [...attrs.inputShape]);
    heapF32(backend, out).fill(0);
    return out;
  }
  return convRoute
    ? viaConvolution(backend, dy, filter, geometry, pads)
    : viaGemm(backend, dy, filter, geometry, attrs.inputShape);
}

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function viaConvolution(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  geometry: ConvGeometry,
  pads: [number, number][],
): TensorInfo {
  const { filterHeight: KH, filterWidth: KW, inChannels, outChannels } = geometry;
  const rotated = allocF32(backend, [KH, KW, outChannels, inChannels]);
  rotateFilterForInputGradient(heapF32(backend, filter), geometry, heapF32(backend, rotated));
  const conv2d = getKernel("Conv2D", "wasm")!.kernelFunc;
  const out = conv2d({
    inputs: { x: dy, filter: rotated },
    backend,
    attrs: { strides: 1, pad: pads, dataFormat: "NHWC", dilations: 1 },
  }) as TensorInfo;
  disposeInfo(backend, rotated);
  return out;
}

function viaGemm(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  geometry: ConvGeometry,
  inputShape: number[],
): TensorInfo {
  const { batchSize, outHeight, outWidth, outChannels, filterHeight, filterWidth, inChannels } =
    geometry;
  const taps = filterHeight * filterWidth * inChannels;
  const perImage = outHeight * outWidth;
  const out = allocF32(backend, [...inputShape]);
  const filterT = allocF32(backend, [1, outChannels, taps]);
  transposeFilter(heapF32(backend, filter), taps, outChannels, heapF32(backend, filterT));
  heapF32(backend, out).fill(0);
  const batchMatMul = getKernel("BatchMatMul", "wasm")!.kernelFunc;
  const imagesPerChunk = Math.max(
    1,
    Math.min(batchSize, Math.floor(POSITIONS_PER_CHUNK / perImage)),
  );
  for (let first = 0; first < batchSize; first += imagesPerChunk) {
    const count = Math.min(imagesPerChunk, batchSize - first);
    const a = viewF32(backend, dy, first * perImage * outChannels, [
      1,
      count * perImage,
      outChannels,
    ]);
    // filterT keeps one id across chunks, so XNNPACK packs it only once.
    const dcols = batchMatMul({
      inputs: { a, b: filterT },
      backend,
      attrs: { transposeA: false, transposeB: false },
    }) as TensorInfo;
    col2imAdd(heapF32(backend, dcols), geometry, first, count, heapF32(backend, out));
    disposeInfo(backend, dcols);
    disposeView(backend, a);
  }
  disposeInfo(backend, filterT);
  return out;
}

/** Registers {@linkcode conv2DBackpropInput} as the wasm backend's `Conv2DBackpropInput`. */
export const conv2DBackpropInputConfig: KernelConfig = wasmKernelConfig(
  KERNEL,
  conv2DBackpropInput,
);
