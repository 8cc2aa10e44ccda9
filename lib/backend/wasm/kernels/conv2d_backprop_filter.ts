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
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { allocF32, disposeInfo, disposeView, heapF32, viewF32 } from "../_heap.ts";
import { im2colTransposed } from "./_conv2d_backprop_filter_impl.ts";
import { checkFloat4d, convGeometryOf } from "./_conv_info.ts";

const KERNEL = "Conv2DBackpropFilter";

/**
 * Output positions per GEMM. Measured on the seed CNN's layers (batch 32):
 * below ~1k the per-call cost of packing dy shows, above ~8k the patch
 * matrix leaves the cache; 4096 was fastest.
 */
const POSITIONS_PER_CHUNK = 4096;

/**
 * Filter gradient of an NHWC 2-D convolution (dilation 1, any stride and
 * padding) on the wasm backend.
 *
 * Each chunk of images is unfolded K-major in JS and multiplied with its
 * slice of `dy` by the backend's own XNNPACK GEMM (`BatchMatMul`), which is
 * far faster than any scalar loop; the chunks' products are summed.
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
 * const dW = tf.grad((w: tf.Tensor4D) => tf.conv2d(x, w, 1, "valid").sum())(
 *   tf.zeros([3, 3, 1, 1]) as tf.Tensor4D,
 * );
 * assertEquals(Array.from(dW.dataSync()), Array(9).fill(1));
 * ```
 */
export function conv2DBackpropFilter(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs: { x, dy }, backend, attrs } = args;
  checkFloat4d(KERNEL, "x", x);
  checkFloat4d(KERNEL, "dy", dy);
  const { geometry } = convGeometryOf(
    KERNEL,
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs,
  );
  const { batch, outHeight, outWidth, outChannels, filterHeight, filterWidth, inChannels } =
    geometry;
  const taps = filterHeight * filterWidth * inChannels;
  const perImage = outHeight * outWidth;
  const out = allocF32(backend, [...attrs.filterShape]);
  if (taps * outChannels === 0) return out;
  if (batch * perImage === 0) {
    heapF32(backend, out).fill(0);
    return out;
  }
  const batchMatMul = getKernel("BatchMatMul", "wasm")!.kernelFunc;
  const imagesPerChunk = Math.max(1, Math.min(batch, Math.floor(POSITIONS_PER_CHUNK / perImage)));
  const cols = allocF32(backend, [taps * imagesPerChunk * perImage]);
  for (let first = 0; first < batch; first += imagesPerChunk) {
    const count = Math.min(imagesPerChunk, batch - first);
    const positions = count * perImage;
    im2colTransposed(
      heapF32(backend, x),
      geometry,
      first,
      count,
      heapF32(backend, cols).subarray(0, taps * positions),
    );
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
    else { for (let i = 0; i < sum.length; i++) sum[i] += part[i]; }
    disposeInfo(backend, product);
    disposeView(backend, a);
    disposeView(backend, b);
  }
  disposeInfo(backend, cols);
  return out;
}

/** Registers {@linkcode conv2DBackpropFilter} as the wasm backend's `Conv2DBackpropFilter`. */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: KERNEL,
  backendName: "wasm",
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
