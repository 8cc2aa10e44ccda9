/**
 * Gradient of a 2-D convolution with respect to its filter, as chunked
 * im2col + SGEMM: dW = Σ_chunks colsᵀ · dy.
 *
 * @module
 */
import { chunkRows, type ConvGeometry, im2col, isPointwise } from "../_im2col.ts";
import type { OpenBlas } from "../_openblas.ts";
import { type Allocator, PLAIN_ALLOCATOR } from "./_conv2d_impl.ts";

/**
 * dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s + kh·d − pad, ow·s + kw·d − pad, ci] · dy[b, oh, ow, co].
 *
 * @param x Forward input, NHWC.
 * @param dy Gradient of the output, NHWC.
 * @param g Geometry.
 * @param blas SGEMM provider.
 * @param allocator Source of the output and scratch arrays.
 * @returns dW, HWIO, `g.filterHeight·g.filterWidth·g.inChannels·g.outChannels` floats.
 */
export function conv2dBackpropFilterImpl(
  x: Float32Array,
  dy: Float32Array,
  g: ConvGeometry,
  blas: Pick<OpenBlas, "sgemm">,
  allocator: Allocator = PLAIN_ALLOCATOR,
): Float32Array {
  const M = g.batchSize * g.outHeight * g.outWidth;
  const N = g.outChannels;
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const dw = allocator.alloc(K * N);
  if (M === 0 || K === 0) {
    dw.fill(0);
    return dw;
  }
  if (isPointwise(g)) {
    blas.sgemm(true, false, K, N, M, 1, x, K, dy, N, 0, dw, N);
    return dw;
  }
  const rows = chunkRows(g);
  const cols = allocator.alloc(rows * K);
  for (let r0 = 0; r0 < M; r0 += rows) {
    const r1 = Math.min(M, r0 + rows);
    im2col(x, g, r0, r1, cols);
    blas.sgemm(true, false, K, N, r1 - r0, 1, cols, K, dy.subarray(r0 * N), N, r0 === 0 ? 0 : 1, dw, N);
  }
  allocator.recycle(cols);
  return dw;
}
