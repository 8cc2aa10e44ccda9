/**
 * The first layer of a spectrogram CNN — one input channel, 3×3, stride 1 —
 * on the native heap's SIMD kernels, forward and filter gradient, without a
 * column matrix.
 *
 * Why: as a matrix product this layer has only 9 columns (K = 9), where
 * OpenBLAS reaches ~30 GFLOP/s and the im2col copy costs as much again; the
 * SIMD kernels splat each pixel's 9 inputs once and keep the taps in
 * registers. Its input gradient is never needed (the input is the data
 * batch) and stays lazy (`../_lazy_data.ts`).
 *
 * @module
 */
import type { ConvGeometry } from "../../_shared/_conv_geometry.ts";
import { padImagesMono } from "../../wasm/kernels/_conv2d_backprop_filter_impl.ts";
import { at, nativeHeap, onHeap, type SharedHeap } from "../_heap.ts";
import { simdRanges, simdReduceRanges } from "../_parallel.ts";
import type { ThreadTeam } from "../_threads.ts";

/**
 * True when the mono kernels compute `g`: one input channel, 3×3, stride 1,
 * no dilation, outChannels % 4 = 0.
 *
 * @example The seed CNN's first layer qualifies
 * ```ts
 * import { isMono3x3 } from "./_mono_conv.ts";
 * import { convGeometry } from "../../_shared/_conv_testing.ts";
 * import { assert } from "@std/assert";
 *
 * assert(isMono3x3(convGeometry([32, 128, 130, 1], [3, 3, 16], [1, 1], "same")));
 * assert(!isMono3x3(convGeometry([32, 64, 65, 16], [3, 3, 32], [1, 1], "same")));
 * ```
 */
export function isMono3x3(g: ConvGeometry): boolean {
  return g.inChannels === 1 && g.filterHeight === 3 && g.filterWidth === 3 &&
    g.strideHeight === 1 && g.strideWidth === 1 && g.dilationHeight === 1 &&
    g.dilationWidth === 1 && g.outChannels % 4 === 0 && g.batchSize > 0;
}

/**
 * y = conv(x, filter) + bias for a {@linkcode isMono3x3} geometry, or false
 * (nothing written) when there is no heap or `y` is not on it.
 *
 * @param team Threads, or null.
 * @param x Input, [n, h, w, 1].
 * @param filter HWIO [3, 3, 1, co].
 * @param bias [co], or null.
 * @param g Geometry.
 * @param y Output on the heap, [n, oh, ow, co].
 * @returns Whether it ran.
 */
export function monoConvForward(
  team: ThreadTeam | null,
  x: Float32Array,
  filter: Float32Array,
  bias: Float32Array | null,
  g: ConvGeometry,
  y: Float32Array,
): boolean {
  const heap = onHeap(y) ? nativeHeap() : null;
  if (!heap) return false;
  const co = g.outChannels;
  return withPadded(heap, x, g, (padded, imageFloats) => {
    const params = heap.f32(10 * co);
    if (!params) return false;
    try {
      params.set(filter);
      if (bias) params.set(bias, 9 * co);
      else params.fill(0, 9 * co);
      const w = params.byteOffset, b = params.byteOffset + 36 * co;
      const { outHeight: oh, outWidth: ow } = g;
      simdRanges(team, "conv3x3Mono", g.batchSize, (b0, b1) => [
        at(padded, b0 * imageFloats),
        w,
        b,
        at(y, b0 * oh * ow * co),
        b1 - b0,
        oh,
        ow,
        co,
      ], 1);
      return true;
    } finally {
      heap.release(params);
    }
  });
}

/**
 * The filter gradient [3, 3, 1, co] for a {@linkcode isMono3x3} geometry, or
 * null when there is no heap or `dy` is not on it.
 *
 * @param team Threads, or null.
 * @param x Input, [n, h, w, 1].
 * @param dy Output gradient on the heap, [n, oh, ow, co].
 * @param g Geometry.
 * @returns dw, or null.
 */
export function monoFilterGrad(
  team: ThreadTeam | null,
  x: Float32Array,
  dy: Float32Array,
  g: ConvGeometry,
): Float32Array | null {
  const heap = onHeap(dy) ? nativeHeap() : null;
  if (!heap) return null;
  const co = g.outChannels;
  return withPadded(heap, x, g, (padded, imageFloats) => {
    const { outHeight: oh, outWidth: ow } = g;
    const sums = simdReduceRanges(team, "filterGrad3x3Mono", g.batchSize, 9 * co, (b0, b1, acc) => [
      at(padded, b0 * imageFloats),
      at(dy, 0),
      acc,
      b0,
      b1 - b0,
      oh,
      ow,
      co,
    ], 1);
    return Float32Array.from(sums);
  }) || null;
}

/** Runs `use` with the batch's images padded out on the heap (see `padImagesMono`). */
function withPadded<T>(
  heap: SharedHeap,
  x: Float32Array,
  g: ConvGeometry,
  use: (padded: Float32Array, imageFloats: number) => T,
): T | false {
  const imageFloats = (g.outHeight + 2) * (g.outWidth + 2);
  const padded = heap.f32(g.batchSize * imageFloats);
  if (!padded) return false;
  try {
    padImagesMono(x, g, 0, g.batchSize, padded);
    return use(padded, imageFloats);
  } finally {
    heap.release(padded);
  }
}
