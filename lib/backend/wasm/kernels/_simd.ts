/**
 * Loads the hand-written SIMD kernels (`_simd_kernels.wat`) onto the wasm
 * backend's own memory, once per backend instance.
 *
 * @module
 */
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { decodeBase64 } from "../../../_wasm/base64.ts";
import { SIMD_KERNELS_WASM_BASE64 } from "./_simd_kernels_wasm.ts";

/** The exports of `_simd_kernels.wat`; all pointers are heap byte offsets. */
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
