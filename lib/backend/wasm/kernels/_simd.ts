/**
 * Loads the hand-written SIMD kernels (`_simd_kernels.wat`) onto the wasm
 * backend's own memory, once per backend instance.
 *
 * @module
 */
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { decodeBase64 } from "../../../_wasm/base64.ts";
import { SIMD_KERNELS_WASM_BASE64 } from "./_simd_kernels_wasm.ts";

/**
 * `im2col` (`a` = x, `b` = cols) and `col2im` (`a` = cols, `b` = dx) of rows
 * [r0, r1) for a stride-1, undilated convolution of geometry h, w, c (input),
 * oh, ow (output), fh, fw (filter), pt, pl (padding top and left).
 */
export type ColumnPass = (
  a: number,
  b: number,
  r0: number,
  r1: number,
  h: number,
  w: number,
  c: number,
  oh: number,
  ow: number,
  fh: number,
  fw: number,
  pt: number,
  pl: number,
) => void;

/**
 * The exports of `_simd_kernels.wat`; all pointers are heap byte offsets.
 * The wasm backend uses some on its own heap, the native backend all on its
 * shared one (`../../native/_heap.ts`).
 */
export interface SimdKernels {
  /** 2×2 stride-2 max-pool gradient; channels % 4 === 0. */
  maxPoolGrad2x2(
    x: number,
    dy: number,
    dx: number,
    n: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
  ): void;
  /** Adds Σ(x − shift) and, unless sumSq is 0, Σ(x − shift)² per channel into float64 arrays. */
  channelSums(
    x: number,
    rows: number,
    c: number,
    shift: number,
    sum: number,
    sumSq: number,
    block: number,
  ): void;
  /** Adds Σg and Σg·(x − mean) per channel into float64 arrays. */
  channelGradSums(
    g: number,
    x: number,
    rows: number,
    c: number,
    mean: number,
    sumG: number,
    sumGX: number,
    block: number,
  ): void;
  /**
   * K-major im2col of images [n0, n0 + count) for column stride 1, channels 1
   * or a multiple of 4 (as `im2colTransposed` in `_conv2d_backprop_filter_impl.ts`).
   */
  im2colTransposed(
    x: number,
    cols: number,
    n0: number,
    count: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    kh: number,
    kw: number,
    sh: number,
    pt: number,
    pl: number,
  ): void;
  /**
   * Adds the filter gradient of a 3×3 stride-1 conv of one-channel images
   * [n0, n0 + count) into `dw` ([9, co] float64), from padded images
   * (`padImagesMono`) and dy; co % 4 === 0.
   */
  filterGrad3x3Mono(
    xpad: number,
    dy: number,
    dw: number,
    n0: number,
    count: number,
    oh: number,
    ow: number,
    co: number,
  ): void;
  /** out = a·u + b·v + d per channel (the b·v term skipped when v is 0). */
  channelAffine(
    u: number,
    v: number,
    out: number,
    rows: number,
    c: number,
    a: number,
    b: number,
    d: number,
  ): void;
  /** y = ReLU(x) over n floats (sign-bit floats become +0). */
  relu(x: number, y: number, n: number): void;
  /** dx = dy where x > 0 (NaN included), else +0, over n floats. */
  reluGrad(dy: number, x: number, dx: number, n: number): void;
  /** 2×2 stride-2 valid max-pool of n images; c % 4 === 0. */
  maxPool2x2(
    x: number,
    y: number,
    n: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
  ): void;
  /** Dropout of elements [i0, i0 + n), as `dropoutImpl`. */
  dropout(
    x: number,
    y: number,
    i0: number,
    n: number,
    base: number,
    threshold: number,
    scale: number,
  ): void;
  /** y[r, k] += bias[k], then ReLU when `relu` is 1; c % 4 === 0. */
  biasActivation(y: number, rows: number, c: number, bias: number, relu: number): void;
  /** Rows [r0, r1) of a stride-1 convolution's column matrix (`cols` at row r0); c % 4 === 0. */
  im2col: ColumnPass;
  /** Adds rows [r0, r1) of a column matrix back into dx (the adjoint of `im2col`); c % 4 === 0. */
  col2im: ColumnPass;
  /** 3×3 stride-1 convolution of `count` padded one-channel images with bias; co % 4 === 0. */
  conv3x3Mono(
    xpad: number,
    w: number,
    bias: number,
    y: number,
    count: number,
    oh: number,
    ow: number,
    co: number,
  ): void;
}

let compiled: WebAssembly.Module | null | undefined;
const instances = new WeakMap<object, SimdKernels | null>();

/** Rows per f32 partial sum in the reductions: ~16 KiB of input, well within L1. */
export function reductionBlock(channels: number): number {
  return Math.max(1, Math.floor(4096 / channels));
}

/**
 * The SIMD kernels on `memory`, or `null` where the runtime lacks
 * WebAssembly SIMD.
 */
export function instantiateSimdKernels(memory: WebAssembly.Memory): SimdKernels | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(decodeBase64(SIMD_KERNELS_WASM_BASE64));
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return null;
  return new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as SimdKernels;
}

/**
 * The SIMD kernels bound to `backend`'s heap, or `null` where the runtime
 * lacks WebAssembly SIMD or the backend hides its memory (callers then use
 * their JavaScript loops).
 */
export function simdKernels(backend: BackendWasm): SimdKernels | null {
  const module = backend.wasm as unknown as { asm?: { memory?: unknown }; wasmMemory?: unknown };
  const memory = module.asm?.memory ?? module.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  if (instances.has(memory)) return instances.get(memory)!;
  const kernels = instantiateSimdKernels(memory);
  instances.set(memory, kernels);
  return kernels;
}
