/**
 * Forward 2-D convolution (NHWC input, HWIO filter) as chunked im2col + SGEMM,
 * with the bias and ReLU of a fused convolution applied while each chunk is
 * still in cache.
 *
 * @module
 */
import { chunkRows, type ConvGeometry, im2col, isPointwise } from "../_im2col.ts";
import type { OpenBlas } from "../_openblas.ts";
import { reluInPlace } from "./_relu_impl.ts";

/** Where scratch and output arrays come from (a {@linkcode Float32Pool} or plain allocation). */
export interface Allocator {
  /** An array of `length` floats with arbitrary contents. */
  alloc(length: number): Float32Array;
  /** Gives back a scratch array. */
  recycle(values: Float32Array): void;
}

/** Allocation without reuse, for tests and one-off calls. */
export const PLAIN_ALLOCATOR: Allocator = {
  alloc: (length) => new Float32Array(length),
  recycle: () => {},
};

/** Activations a fused convolution or matrix product applies in place. */
export type FusedActivation = "linear" | "relu";

/**
 * y = act(conv(x, filter) + bias).
 *
 * @param x Input, NHWC, `g.batchSize·g.inHeight·g.inWidth·g.inChannels` floats.
 * @param filter Filter, HWIO, `g.filterHeight·g.filterWidth·g.inChannels·g.outChannels` floats.
 * @param g Geometry.
 * @param blas SGEMM provider.
 * @param allocator Source of the output and scratch arrays.
 * @param bias Per-output-channel bias, `g.outChannels` floats, or null.
 * @param activation Applied after the bias.
 * @returns y, NHWC, `g.batchSize·g.outHeight·g.outWidth·g.outChannels` floats.
 */
export function conv2dImpl(
  x: Float32Array,
  filter: Float32Array,
  g: ConvGeometry,
  blas: Pick<OpenBlas, "sgemm">,
  allocator: Allocator = PLAIN_ALLOCATOR,
  bias: Float32Array | null = null,
  activation: FusedActivation = "linear",
): Float32Array {
  const M = g.batchSize * g.outHeight * g.outWidth;
  const N = g.outChannels;
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const y = allocator.alloc(M * N);
  if (M === 0) return y;
  if (K === 0) {
    y.fill(0);
    applyBiasActivation(y, 0, M, N, bias, activation);
    return y;
  }
  if (isPointwise(g)) {
    blas.sgemm(false, false, M, N, K, 1, x, K, filter, N, 0, y, N);
    applyBiasActivation(y, 0, M, N, bias, activation);
    return y;
  }
  const rows = chunkRows(g);
  const cols = allocator.alloc(rows * K);
  for (let r0 = 0; r0 < M; r0 += rows) {
    const r1 = Math.min(M, r0 + rows);
    im2col(x, g, r0, r1, cols);
    blas.sgemm(false, false, r1 - r0, N, K, 1, cols, K, filter, N, 0, y.subarray(r0 * N), N);
    applyBiasActivation(y, r0, r1, N, bias, activation);
  }
  allocator.recycle(cols);
  return y;
}

/** Adds `bias` to rows [r0, r1) of an [M, n] matrix and applies `activation`, in place. */
export function applyBiasActivation(
  y: Float32Array,
  r0: number,
  r1: number,
  n: number,
  bias: Float32Array | null,
  activation: FusedActivation,
): void {
  const start = r0 * n, end = r1 * n;
  if (bias) {
    for (let i = start; i < end; i += n) {
      for (let c = 0; c < n; c++) y[i + c] += bias[c];
    }
  }
  if (activation === "relu") reluInPlace(y, start, end);
}
