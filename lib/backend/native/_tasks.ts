/**
 * The row-range work the native backend's threads share: each task runs a
 * typed-array function of `kernels/_*_impl.ts` on one part of its rows.
 * Imported both by the main thread and by `_worker.ts`.
 *
 * @module
 */
import type { ConvGeometry } from "../_shared/_conv_geometry.ts";
import { channelSumsImpl, gradSumsImpl } from "../_shared/_batch_norm_sums_impl.ts";
import type { PoolGeometry } from "../_shared/_pool_geometry.ts";
import { columnSumsImpl, sumBlockImpl } from "../_shared/_sum_block_impl.ts";
import { col2im, im2col } from "./_im2col.ts";
import { channelAffineImpl, gradApplyImpl } from "./kernels/_batch_norm_training_impl.ts";
import { type AdamConstants, adamImpl, type AdamOutputs } from "./kernels/_adam_impl.ts";
import { binaryImpl, type BinaryOp, type Broadcast } from "./kernels/_binary_impl.ts";
import { applyBiasActivation, type FusedActivation } from "./kernels/_conv2d_impl.ts";
import { dropoutConstants, dropoutImpl } from "./kernels/_dropout_impl.ts";
import { at, simd } from "./_heap.ts";
import { type GemmPart, runGemmPart } from "./_team_gemm.ts";
import { floorImpl } from "./kernels/_floor_impl.ts";
import { maxPoolGradImpl, maxPoolImpl } from "./kernels/_max_pool_impl.ts";
import { reluGradImpl, reluImpl } from "./kernels/_relu_impl.ts";
import { sqrtImpl } from "./kernels/_sqrt_impl.ts";
import { squareImpl } from "./kernels/_square_impl.ts";

/** Arguments of each task (structured-cloneable; large arrays on SharedArrayBuffers). */
export interface TaskArgMap {
  im2col: {
    x: Float32Array;
    g: ConvGeometry;
    r0: number;
    r1: number;
    cols: Float32Array;
    simd?: boolean;
  };
  col2im: {
    cols: Float32Array;
    g: ConvGeometry;
    r0: number;
    r1: number;
    dx: Float32Array;
    simd?: boolean;
  };
  biasActivation: {
    y: Float32Array;
    r0: number;
    r1: number;
    n: number;
    bias: Float32Array | null;
    activation: FusedActivation;
    /** Heap pointer of the bias for the SIMD kernel, or 0 for the JavaScript loop. */
    simdBias?: number;
  };
  relu: { x: Float32Array; y: Float32Array; start: number; end: number; simd?: boolean };
  reluGrad: {
    dy: Float32Array;
    x: Float32Array;
    dx: Float32Array;
    start: number;
    end: number;
    simd?: boolean;
  };
  binary: {
    op: BinaryOp;
    a: Float32Array;
    b: Float32Array;
    broadcast: Broadcast;
    out: Float32Array;
    start: number;
    end: number;
  };
  floor: { x: Float32Array; y: Float32Array; start: number; end: number; simd?: boolean };
  adam: {
    x: Float32Array;
    m: Float32Array;
    v: Float32Array;
    g: Float32Array;
    k: AdamConstants;
    o: AdamOutputs;
    start: number;
    end: number;
    simd?: boolean;
  };
  sqrt: { x: Float32Array; y: Float32Array; start: number; end: number; simd?: boolean };
  square: { x: Float32Array; y: Float32Array; start: number; end: number; simd?: boolean };
  dropout: {
    x: Float32Array;
    rate: number;
    seed: number;
    y: Float32Array;
    start: number;
    end: number;
    simd?: boolean;
  };
  channelSums: { x: Float32Array; shift: Float64Array; r0: number; r1: number; sums: Float64Array };
  channelAffine: {
    x: Float32Array;
    a: Float64Array;
    b: Float64Array;
    y: Float32Array;
    r0: number;
    r1: number;
  };
  gradSums: {
    dy: Float32Array;
    x: Float32Array;
    mean: Float32Array;
    r0: number;
    r1: number;
    sums: Float64Array;
  };
  gradApply: {
    dy: Float32Array;
    x: Float32Array;
    mean: Float32Array;
    k: { k1: Float64Array; k2: Float64Array; k3: Float64Array };
    dx: Float32Array;
    r0: number;
    r1: number;
    sums: Float64Array;
  };
  maxPool: {
    x: Float32Array;
    g: PoolGeometry;
    y: Float32Array;
    b0: number;
    b1: number;
    simd?: boolean;
  };
  maxPoolGrad: {
    dy: Float32Array;
    x: Float32Array;
    g: PoolGeometry;
    dx: Float32Array;
    y: Float32Array | null;
    b0: number;
    b1: number;
    simd?: boolean;
  };
  /** Rows [r0, r1) of a forward convolution, piece by piece (see `ConvRowWork.forward`). */
  convRows: {
    x: Float32Array;
    g: ConvGeometry;
    r0: number;
    r1: number;
    /** Rows per piece. */
    piece: number;
    /** Scratch for one piece of the column matrix. */
    cols: Float32Array;
    filter: Float32Array;
    y: Float32Array;
    bias: Float32Array | null;
    activation: FusedActivation;
    simdCols: boolean;
    simdBias: number;
  };
  /** Images [b0, b1) of an input gradient, piece by piece (see `ConvRowWork.inputGrad`). */
  inputGradImages: {
    dy: Float32Array;
    filter: Float32Array;
    g: ConvGeometry;
    b0: number;
    b1: number;
    /** Rows per piece. */
    piece: number;
    /** Scratch for one piece of the column matrix. */
    cols: Float32Array;
    dx: Float32Array;
    simdCols: boolean;
  };
  /** Rows [r0, r1) of a filter gradient, piece by piece, added into `dw` (see `ConvRowWork.filterGrad`). */
  filterGradRows: {
    x: Float32Array;
    dy: Float32Array;
    g: ConvGeometry;
    r0: number;
    r1: number;
    /** Rows per piece. */
    piece: number;
    /** Scratch for one piece of the column matrix. */
    cols: Float32Array;
    /** This part's [K, N] sum (overwritten). */
    dw: Float32Array;
    simdCols: boolean;
  };
  /** One part of a product split across threads (see `_team_gemm.ts`). */
  gemm: GemmPart;
  /** One call of a SIMD kernel on heap pointers (see `_heap.ts`). */
  simd: { fn: SimdCall; args: number[] };
  sumBlock: {
    x: Float32Array;
    outer: number;
    reduce: number;
    inner: number;
    out: Float32Array;
    scale: number;
    o0: number;
    o1: number;
  };
  columnSums: { x: Float32Array; inner: number; r0: number; r1: number; acc: Float64Array };
}

/** SIMD kernels that run as parts of a task. */
export type SimdCall =
  | "channelSums"
  | "channelGradSums"
  | "channelAffine"
  | "conv3x3Mono"
  | "filterGrad3x3Mono";

/** A task's name. */
export type TaskName = keyof TaskArgMap;

const TASKS: { [K in TaskName]: (a: TaskArgMap[K]) => void } = {
  im2col: (a) =>
    a.simd
      ? simd()!.im2col(at(a.x, 0), at(a.cols, 0), a.r0, a.r1, ...colGeometry(a.g))
      : im2col(a.x, a.g, a.r0, a.r1, a.cols),
  col2im: (a) =>
    a.simd
      ? simd()!.col2im(at(a.cols, 0), at(a.dx, 0), a.r0, a.r1, ...colGeometry(a.g))
      : col2im(a.cols, a.g, a.r0, a.r1, a.dx),
  biasActivation: (a) =>
    a.simdBias
      ? simd()!.biasActivation(
        at(a.y, a.r0 * a.n),
        a.r1 - a.r0,
        a.n,
        a.simdBias,
        a.activation === "relu" ? 1 : 0,
      )
      : applyBiasActivation(a.y, a.r0, a.r1, a.n, a.bias, a.activation),
  relu: (a) =>
    a.simd
      ? simd()!.relu(at(a.x, a.start), at(a.y, a.start), a.end - a.start)
      : reluImpl(a.x, a.y, a.start, a.end),
  reluGrad: (a) =>
    a.simd
      ? simd()!.reluGrad(at(a.dy, a.start), at(a.x, a.start), at(a.dx, a.start), a.end - a.start)
      : reluGradImpl(a.dy, a.x, a.dx, a.start, a.end),
  binary: (a) => binaryImpl(a.op, a.a, a.b, a.broadcast, a.out, a.start, a.end),
  floor: (a) => floorImpl(a.x, a.y, a.start, a.end),
  adam: (a) => {
    if (!a.simd) return adamImpl(a.x, a.m, a.v, a.g, a.k, a.o, a.start, a.end);
    const { k, o, start: s } = a;
    simd()!.adam(
      at(a.x, s),
      at(a.m, s),
      at(a.v, s),
      at(a.g, s),
      at(o.x, s),
      at(o.m, s),
      at(o.v, s),
      a.end - s,
      k.beta1,
      k.oneMinusBeta1,
      k.beta2,
      k.oneMinusBeta2,
      k.oneMinusAccBeta1,
      k.oneMinusAccBeta2,
      k.epsilon,
      k.negLearningRate,
    );
  },
  sqrt: (a) =>
    a.simd
      ? simd()!.sqrt(at(a.x, a.start), at(a.y, a.start), a.end - a.start)
      : sqrtImpl(a.x, a.y, a.start, a.end),
  square: (a) =>
    a.simd
      ? simd()!.square(at(a.x, a.start), at(a.y, a.start), a.end - a.start)
      : squareImpl(a.x, a.y, a.start, a.end),
  dropout: (a) => {
    if (!a.simd) return dropoutImpl(a.x, a.rate, a.seed, a.y, a.start, a.end);
    const { scale, threshold, base } = dropoutConstants(a.rate, a.seed);
    simd()!.dropout(
      at(a.x, a.start),
      at(a.y, a.start),
      a.start,
      a.end - a.start,
      base,
      threshold,
      scale,
    );
  },
  channelSums: (a) => channelSumsImpl(a.x, a.shift, a.r0, a.r1, a.sums),
  channelAffine: (a) => channelAffineImpl(a.x, a.a, a.b, a.y, a.r0, a.r1),
  gradSums: (a) => gradSumsImpl(a.dy, a.x, a.mean, a.r0, a.r1, a.sums),
  gradApply: (a) => gradApplyImpl(a.dy, a.x, a.mean, a.k, a.dx, a.r0, a.r1, a.sums),
  maxPool: (a) => {
    if (!a.simd) return maxPoolImpl(a.x, a.g, a.y, a.b0, a.b1);
    const { inHeight: h, inWidth: w, channels: c, outHeight: oh, outWidth: ow } = a.g;
    simd()!.maxPool2x2(
      at(a.x, a.b0 * h * w * c),
      at(a.y, a.b0 * oh * ow * c),
      a.b1 - a.b0,
      h,
      w,
      c,
      oh,
      ow,
    );
  },
  maxPoolGrad: (a) => {
    if (!a.simd) return maxPoolGradImpl(a.dy, a.x, a.g, a.dx, a.y, a.b0, a.b1);
    const { inHeight: h, inWidth: w, channels: c, outHeight: oh, outWidth: ow } = a.g;
    // Rows and columns that no window covers (odd sizes) get no gradient.
    if (h !== 2 * oh || w !== 2 * ow) a.dx.fill(0, a.b0 * h * w * c, a.b1 * h * w * c);
    simd()!.maxPoolGrad2x2(
      at(a.x, a.b0 * h * w * c),
      at(a.dy, a.b0 * oh * ow * c),
      at(a.dx, a.b0 * h * w * c),
      a.b1 - a.b0,
      h,
      w,
      c,
      oh,
      ow,
    );
  },
  simd: (a) => (simd()![a.fn] as (...args: number[]) => void)(...a.args),
  gemm: (a) => runGemmPart(a),
  convRows: (a) => convRows(a),
  inputGradImages: (a) => inputGradImages(a),
  filterGradRows: (a) => filterGradRows(a),
  sumBlock: (a) => sumBlockImpl(a.x, a.outer, a.reduce, a.inner, a.out, a.scale, a.o0, a.o1),
  columnSums: (a) => columnSumsImpl(a.x, a.inner, a.r0, a.r1, a.acc),
};

function convRows(a: TaskArgMap["convRows"]): void {
  const { x, g, filter, y, cols } = a;
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const N = g.outChannels;
  for (let s = a.r0; s < a.r1; s += a.piece) {
    const e = Math.min(a.r1, s + a.piece);
    TASKS.im2col({ x, g, r0: s, r1: e, cols, simd: a.simdCols });
    runGemmPart({
      transA: false,
      transB: false,
      m: e - s,
      n: N,
      k: K,
      alpha: 1,
      a: cols,
      lda: K,
      b: filter,
      ldb: N,
      beta: 0,
      c: y.subarray(s * N),
      ldc: N,
    });
    if (a.bias || a.activation !== "linear") {
      TASKS.biasActivation({
        y,
        r0: s,
        r1: e,
        n: N,
        bias: a.bias,
        activation: a.activation,
        simdBias: a.simdBias,
      });
    }
  }
}

function inputGradImages(a: TaskArgMap["inputGradImages"]): void {
  const { dy, filter, g, dx, cols } = a;
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const N = g.outChannels;
  const spatial = g.outHeight * g.outWidth;
  const image = g.inHeight * g.inWidth * g.inChannels;
  dx.fill(0, a.b0 * image, a.b1 * image);
  for (let s = a.b0 * spatial, end = a.b1 * spatial; s < end; s += a.piece) {
    const e = Math.min(end, s + a.piece);
    runGemmPart({
      transA: false,
      transB: true,
      m: e - s,
      n: K,
      k: N,
      alpha: 1,
      a: dy.subarray(s * N),
      lda: N,
      b: filter,
      ldb: N,
      beta: 0,
      c: cols,
      ldc: K,
    });
    TASKS.col2im({ cols, g, r0: s, r1: e, dx, simd: a.simdCols });
  }
}

function filterGradRows(a: TaskArgMap["filterGradRows"]): void {
  const { x, dy, g, cols, dw } = a;
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const N = g.outChannels;
  for (let s = a.r0; s < a.r1; s += a.piece) {
    const e = Math.min(a.r1, s + a.piece);
    TASKS.im2col({ x, g, r0: s, r1: e, cols, simd: a.simdCols });
    runGemmPart({
      transA: true,
      transB: false,
      m: K,
      n: N,
      k: e - s,
      alpha: 1,
      a: cols,
      lda: K,
      b: dy.subarray(s * N),
      ldb: N,
      beta: s === a.r0 ? 0 : 1,
      c: dw,
      ldc: N,
    });
  }
}

/** The geometry arguments of the SIMD im2col and col2im. */
export function colGeometry(
  g: ConvGeometry,
): [number, number, number, number, number, number, number, number, number] {
  return [
    g.inHeight,
    g.inWidth,
    g.inChannels,
    g.outHeight,
    g.outWidth,
    g.filterHeight,
    g.filterWidth,
    g.padTop,
    g.padLeft,
  ];
}

/** Runs task `name` on this thread. */
export function runTask<K extends TaskName>(name: K, args: TaskArgMap[K]): void {
  const task = TASKS[name];
  if (!task) throw new TypeError(`Cannot run task as it is unknown: current value is ${name}`);
  task(args);
}
