/**
 * Gradient of a 2-D convolution with respect to its filter, as im2col +
 * SGEMM: dW = colsᵀ · dy, reusing the forward pass's column matrix when it
 * kept one, else building it chunk by chunk.
 *
 * @module
 */
import type { ConvGeometry } from "../../_shared/_conv_geometry.ts";
import { chunkRows, isPointwise } from "../_im2col.ts";
import type { OpenBlas } from "../_openblas.ts";
import {
  type Allocator,
  type ConvRowWork,
  PLAIN_ALLOCATOR,
  SERIAL_ROW_WORK,
} from "./_conv2d_impl.ts";

/** Options of {@linkcode conv2dBackpropFilterImpl}. */
export interface Conv2dBackpropFilterImplOptions {
  /** Source of the output and scratch arrays. @default {PLAIN_ALLOCATOR} */
  allocator?: Allocator;
  /** Where the row copies run. @default {SERIAL_ROW_WORK} */
  rows?: ConvRowWork;
  /** Floats per column-matrix chunk. @default {2 ** 21} */
  chunkFloats?: number;
}

/**
 * dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s + kh·d − pad, ow·s + kw·d − pad, ci] · dy[b, oh, ow, co].
 *
 * @param x Forward input, NHWC.
 * @param dy Gradient of the output, NHWC.
 * @param g Geometry.
 * @param blas SGEMM provider.
 * @param options Allocator, row work, chunk size.
 * @returns dW, HWIO, `g.filterHeight·g.filterWidth·g.inChannels·g.outChannels` floats.
 */
export function conv2dBackpropFilterImpl(
  x: Float32Array,
  dy: Float32Array,
  g: ConvGeometry,
  blas: Pick<OpenBlas, "sgemm">,
  options: Conv2dBackpropFilterImplOptions = {},
): Float32Array {
  const {
    allocator = PLAIN_ALLOCATOR,
    rows: work = SERIAL_ROW_WORK,
    chunkFloats = 1 << 21,
  } = options;
  const M = g.batchSize * g.outHeight * g.outWidth;
  const N = g.outChannels;
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const dw = allocator.alloc(K * N);
  if (M === 0 || K === 0) {
    dw.fill(0);
    return dw;
  }
  if (isPointwise(g)) {
    // x is its own column matrix.
    blas.sgemm(true, false, K, N, M, 1, x, K, dy, N, 0, dw, N);
    return dw;
  }
  const pieces = work.filterGrad?.(x, dy, g);
  if (pieces) {
    dw.set(pieces);
    return dw;
  }
  const rows = chunkRows(g, chunkFloats);
  const block = allocator.alloc(rows * K);
  for (let r0 = 0; r0 < M; r0 += rows) {
    const r1 = Math.min(M, r0 + rows);
    work.im2col(x, g, r0, r1, block);
    const beta = r0 === 0 ? 0 : 1;
    blas.sgemm(true, false, K, N, r1 - r0, 1, block, K, dy.subarray(r0 * N), N, beta, dw, N);
  }
  allocator.recycle(block);
  return dw;
}
