/**
 * The row work of convolutions on the native backend's threads: im2col,
 * col2im and bias passes split by rows, and whole forward, input-gradient and
 * filter-gradient passes in cache-sized pieces, one thread per piece, with
 * the SIMD kernels where the arrays are on the heap.
 *
 * @module
 */
import type { ConvGeometry } from "../_shared/_conv_geometry.ts";
import { nativeHeap, onHeap } from "./_heap.ts";
import { forRanges, MIN_PART, PARTS_PER_LANE } from "./_parallel.ts";
import { runTask } from "./_tasks.ts";
import { shared, splitRange, type ThreadTeam } from "./_threads.ts";
import type { ConvRowWork, FusedActivation } from "./kernels/_conv2d_impl.ts";

/**
 * Floats of the column matrix one thread copies and multiplies at a time in
 * a forward convolution: 256 KiB, well inside a core's L2 with the product's
 * output rows.
 */
const PIECE_FLOATS = 1 << 16;

/** True when the SIMD im2col and col2im handle `g`: stride 1, no dilation, channels % 4 = 0. */
function simdColumns(g: ConvGeometry): boolean {
  return g.strideHeight === 1 && g.strideWidth === 1 && g.dilationHeight === 1 &&
    g.dilationWidth === 1 && g.inChannels % 4 === 0;
}

/**
 * The row work of convolutions split across `team` (or on this thread when
 * null; col2im only at image bounds, where writes cannot overlap), with the
 * SIMD kernels where the arrays are on the heap.
 */
export function teamRowWork(team: ThreadTeam | null): ConvRowWork {
  const rowsMin = 256;
  return {
    lanes: team?.lanes ?? 1,
    im2col(x: Float32Array, g: ConvGeometry, r0: number, r1: number, cols: Float32Array) {
      const K = g.filterHeight * g.filterWidth * g.inChannels;
      const simd = simdColumns(g) && onHeap(x, cols);
      forRanges(team, "im2col", r1 - r0, [x, cols], (s, e) => ({
        x,
        g,
        r0: r0 + s,
        r1: r0 + e,
        cols: cols.subarray(s * K, e * K),
        simd,
      }), Math.max(rowsMin, Math.ceil(MIN_PART / K)));
    },
    col2im(cols: Float32Array, g: ConvGeometry, r0: number, r1: number, dx: Float32Array) {
      const K = g.filterHeight * g.filterWidth * g.inChannels;
      const spatial = g.outHeight * g.outWidth;
      const b0 = Math.floor(r0 / spatial), b1 = Math.ceil(r1 / spatial);
      const aligned = r0 % spatial === 0 && (r1 % spatial === 0 || r1 === g.batchSize * spatial);
      const simd = simdColumns(g) && onHeap(cols, dx);
      if (!team || !aligned || b1 - b0 < 2) {
        runTask("col2im", { cols, g, r0, r1, dx, simd });
        return;
      }
      forRanges(team, "col2im", b1 - b0, [cols, dx], (s, e) => {
        const ra = (b0 + s) * spatial, rb = Math.min(r1, (b0 + e) * spatial);
        return { cols: cols.subarray((ra - r0) * K, (rb - r0) * K), g, r0: ra, r1: rb, dx, simd };
      }, 1);
    },
    forward(x, filter, g, y, bias, activation) {
      const heap = nativeHeap();
      if (!heap) return false;
      const K = g.filterHeight * g.filterWidth * g.inChannels;
      const N = g.outChannels;
      const M = g.batchSize * g.outHeight * g.outWidth;
      const piece = Math.max(16, Math.floor(PIECE_FLOATS / K));
      const ranges = splitRange(M, (team?.lanes ?? 1) * PARTS_PER_LANE, piece);
      const scratch = heap.f32(ranges.length * piece * K);
      if (!scratch) return false;
      const simdBias = bias && N % 4 === 0 && onHeap(y) ? heap.f32(N) : null;
      try {
        if (team && !shared(x, y)) return false;
        if (simdBias) simdBias.set(bias!);
        const simdCols = simdColumns(g) && onHeap(x, scratch);
        const parts = ranges.map(([r0, r1], i) => ({
          x,
          g,
          r0,
          r1,
          piece,
          cols: scratch.subarray(i * piece * K, (i + 1) * piece * K),
          filter,
          y,
          bias,
          activation,
          simdCols,
          simdBias: simdBias?.byteOffset ?? 0,
        }));
        if (team) team.run("convRows", parts);
        else for (const part of parts) runTask("convRows", part);
        return true;
      } finally {
        heap.release(scratch);
        if (simdBias) heap.release(simdBias);
      }
    },
    inputGrad(dy, filter, g, dx) {
      const heap = nativeHeap();
      if (!heap || (team && !shared(dy, dx))) return false;
      const K = g.filterHeight * g.filterWidth * g.inChannels;
      const piece = Math.max(16, Math.floor(PIECE_FLOATS / K));
      // Whole images per part: col2im of different images never writes the same element.
      const ranges = splitRange(g.batchSize, (team?.lanes ?? 1) * PARTS_PER_LANE, 1);
      const scratch = heap.f32(ranges.length * piece * K);
      if (!scratch) return false;
      try {
        const simdCols = simdColumns(g) && onHeap(scratch, dx);
        const parts = ranges.map(([b0, b1], i) => ({
          dy,
          filter,
          g,
          b0,
          b1,
          piece,
          cols: scratch.subarray(i * piece * K, (i + 1) * piece * K),
          dx,
          simdCols,
        }));
        if (team) team.run("inputGradImages", parts);
        else for (const part of parts) runTask("inputGradImages", part);
        return true;
      } finally {
        heap.release(scratch);
      }
    },
    filterGrad(x, dy, g) {
      const heap = nativeHeap();
      if (!heap || (team && !shared(x, dy))) return null;
      const K = g.filterHeight * g.filterWidth * g.inChannels;
      const N = g.outChannels;
      const M = g.batchSize * g.outHeight * g.outWidth;
      // Longer pieces than the forward pass's: here they are the product's inner dimension.
      const piece = Math.max(64, Math.floor((4 * PIECE_FLOATS) / K));
      const ranges = splitRange(M, team?.lanes ?? 1, piece);
      const scratch = heap.f32(ranges.length * (piece * K + K * N));
      if (!scratch) return null;
      try {
        const sums = ranges.map((_, i) =>
          scratch.subarray(
            ranges.length * piece * K + i * K * N,
            ranges.length * piece * K + (i + 1) * K * N,
          )
        );
        const simdCols = simdColumns(g) && onHeap(x, scratch);
        const parts = ranges.map(([r0, r1], i) => ({
          x,
          dy,
          g,
          r0,
          r1,
          piece,
          cols: scratch.subarray(i * piece * K, (i + 1) * piece * K),
          dw: sums[i],
          simdCols,
        }));
        if (team) team.run("filterGradRows", parts);
        else for (const part of parts) runTask("filterGradRows", part);
        const dw = new Float32Array(K * N);
        for (const sum of sums) for (let i = 0; i < dw.length; i++) dw[i] += sum[i];
        return dw;
      } finally {
        heap.release(scratch);
      }
    },
    biasActivation(
      y: Float32Array,
      r0: number,
      r1: number,
      n: number,
      bias: Float32Array | null,
      activation: FusedActivation,
    ) {
      if (!bias && activation === "linear") return;
      const heap = n % 4 === 0 && onHeap(y) ? nativeHeap() : null;
      const simdBias = bias ? heap?.f32(n) ?? null : null;
      try {
        if (simdBias) simdBias.set(bias!);
        forRanges(team, "biasActivation", r1 - r0, [y], (s, e) => ({
          y,
          r0: r0 + s,
          r1: r0 + e,
          n,
          bias,
          activation,
          simdBias: simdBias?.byteOffset ?? 0,
        }), Math.max(rowsMin, Math.ceil(MIN_PART / n)));
      } finally {
        if (simdBias) heap!.release(simdBias);
      }
    },
  };
}
