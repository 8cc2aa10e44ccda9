/**
 * The native backend's heap: one shared WebAssembly memory that holds its
 * large tensors, so that the hand-written SIMD kernels
 * (`../wasm/kernels/_simd_kernels.wat` and `_elementwise_kernels.wat`, built
 * with a shared memory) can work on them in place, on every thread, while OpenBLAS and JavaScript see the
 * same bytes through typed arrays.
 *
 * Why: the passes between the matrix products (batch norm, ReLU, pooling,
 * dropout, bias) are memory-streaming loops that V8 does not vectorise; in
 * JavaScript they took half of a training step. WebAssembly SIMD can only
 * address its own memory, so the tensors have to live there.
 *
 * Blocks are reused by exact size (the shapes of a training step recur every
 * step) and never returned to the system: the heap only grows, up to 4 GiB;
 * past that, callers fall back to ordinary arrays and JavaScript loops.
 *
 * @module
 */
import { decodeBase64 } from "../../_wasm/base64.ts";
import { reductionBlock, type SimdKernels } from "../wasm/kernels/_simd.ts";
import { adviseHugePages } from "./_huge_pages.ts";
import { MAX_HEAP_PAGES } from "./_simd_kernels_build.ts";
import { NATIVE_SIMD_KERNELS_WASM_BASE64 } from "./_simd_kernels_wasm.ts";
import { NATIVE_ELEMENTWISE_KERNELS_WASM_BASE64 } from "./_elementwise_kernels_wasm.ts";

/** The exports of `_elementwise_kernels.wat`; pointers are heap byte offsets. */
export interface ElementwiseKernels {
  /**
   * One Adam step of n weights into ox, om, ov (which may be x, m, v), in
   * float32 as tfjs rounds it; `ob` = 1 − b, `c` = 1 − bᵗ, `nlr` = −learning rate.
   */
  adam(
    x: number,
    m: number,
    v: number,
    g: number,
    ox: number,
    om: number,
    ov: number,
    n: number,
    b1: number,
    ob1: number,
    b2: number,
    ob2: number,
    c1: number,
    c2: number,
    eps: number,
    nlr: number,
  ): void;
  /** y = √x over n floats. */
  sqrt(x: number, y: number, n: number): void;
  /** y = x² over n floats. */
  square(x: number, y: number, n: number): void;
}

/** The SIMD kernels as the native backend runs them, on its shared heap. */
export type NativeSimd = SimdKernels & ElementwiseKernels;

/** Heap pointer of element `i` of a float32 array on the heap. */
export function at(view: Float32Array, i: number): number {
  return view.byteOffset + 4 * i;
}

/** Rows per float32 partial sum in the SIMD reductions (as the wasm backend uses them). */
export const sumBlockRows: (channels: number) => number = reductionBlock;

const PAGE_BYTES = 65536;
/** Block alignment: a cache line, and 16 for v128. */
const ALIGN = 64;
/** The heap grows by at least this much, to keep `memory.grow` calls rare. */
const GROW_BYTES = 64 * 2 ** 20;

/**
 * A shared WebAssembly memory handing out float arrays by exact size.
 *
 * @example Blocks are reused by size, and the heap knows its own arrays
 * ```ts
 * import { SharedHeap } from "./_heap.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const memory = new WebAssembly.Memory({ initial: 1, maximum: 64, shared: true });
 * const heap = new SharedHeap(memory, 64 * 65536);
 * const a = heap.f32(1000)!;
 * heap.release(a);
 * assertEquals(heap.f32(1000)!.byteOffset, a.byteOffset);
 * assert(heap.holds(a) && !heap.holds(new Float32Array(4)));
 * ```
 */
export class SharedHeap {
  /** The memory (shared: every thread that instantiates the kernels on it sees the same bytes). */
  readonly memory: WebAssembly.Memory;
  #top = ALIGN; // offset 0 stays unused, so a pointer is never 0
  #free = new Map<number, number[]>();
  #buffers = new WeakSet<ArrayBufferLike>();
  #maxBytes: number;
  #onGrow: (memory: WebAssembly.Memory) => void;

  /**
   * @param memory A shared memory.
   * @param maxBytes The size it may grow to. @default {4 GiB − 64 KiB}
   * @param onGrow Called with the memory after it grew (and once now). @default {() => {}}
   */
  constructor(
    memory: WebAssembly.Memory,
    maxBytes = MAX_HEAP_PAGES * PAGE_BYTES - PAGE_BYTES,
    onGrow: (memory: WebAssembly.Memory) => void = () => {},
  ) {
    this.memory = memory;
    this.#maxBytes = maxBytes;
    this.#onGrow = onGrow;
    this.#buffers.add(memory.buffer);
    onGrow(memory);
  }

  /** `length` floats, or null when the heap is full. Contents are arbitrary. */
  f32(length: number): Float32Array | null {
    const at = this.#alloc(4 * length);
    return at === null ? null : new Float32Array(this.#buffer(), at, length);
  }

  /** `length` zeroed doubles, or null when the heap is full. */
  f64(length: number): Float64Array | null {
    const at = this.#alloc(8 * length);
    return at === null ? null : new Float64Array(this.#buffer(), at, length).fill(0);
  }

  /** Gives back an array from {@linkcode SharedHeap.f32} or {@linkcode SharedHeap.f64}. */
  release(view: Float32Array | Float64Array): void {
    if (!this.holds(view)) return;
    const bytes = roundUp(view.byteLength);
    const list = this.#free.get(bytes);
    if (list) list.push(view.byteOffset);
    else this.#free.set(bytes, [view.byteOffset]);
  }

  /** True when every array given lives on this heap (null and undefined are ignored). */
  holds(...views: (ArrayBufferView | null | undefined)[]): boolean {
    return views.every((v) => v == null || this.#buffers.has(v.buffer));
  }

  /** Bytes handed out so far (in use or free for reuse). */
  get size(): number {
    return this.#top;
  }

  #alloc(bytes: number): number | null {
    const size = roundUp(Math.max(bytes, 1));
    const reused = this.#free.get(size)?.pop();
    if (reused !== undefined) return reused;
    const at = this.#top;
    const end = at + size;
    if (end > this.#maxBytes) return null;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const want = Math.min(this.#maxBytes, Math.max(end, have + GROW_BYTES));
      try {
        this.memory.grow(Math.ceil((want - have) / PAGE_BYTES));
      } catch {
        return null;
      }
      this.#onGrow(this.memory);
    }
    this.#top = end;
    return at;
  }

  #buffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    this.#buffers.add(buffer); // a new object after each grow, over the same bytes
    return buffer;
  }
}

function roundUp(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

/** What a worker needs to run the kernels on the heap: posted once at its start. */
export interface SimdShare {
  /** `../wasm/kernels/_simd_kernels.wat`'s module. */
  module: WebAssembly.Module;
  /** `_elementwise_kernels.wat`'s module. */
  elementwise: WebAssembly.Module;
  memory: WebAssembly.Memory;
}

let share: SimdShare | null | undefined;
let heap: SharedHeap | null = null;
let kernels: NativeSimd | null = null;

/**
 * The process's heap and the kernels on it for this (main) thread, made on
 * first use; null where the runtime lacks WebAssembly SIMD or shared memory,
 * or `SERLAB_SIMD=0` (then the kernels run their JavaScript loops).
 */
export function nativeHeap(): SharedHeap | null {
  if (share === undefined) {
    share = null;
    if (simdDisabled()) return null;
    try {
      const module = new WebAssembly.Module(decodeBase64(NATIVE_SIMD_KERNELS_WASM_BASE64));
      const elementwise = new WebAssembly.Module(
        decodeBase64(NATIVE_ELEMENTWISE_KERNELS_WASM_BASE64),
      );
      const memory = new WebAssembly.Memory({
        initial: GROW_BYTES / PAGE_BYTES,
        maximum: MAX_HEAP_PAGES,
        shared: true,
      });
      const candidate = { module, elementwise, memory };
      kernels = instantiate(candidate);
      heap = new SharedHeap(memory, undefined, adviseHugePages);
      share = candidate;
    } catch {
      share = null;
    }
  }
  return heap;
}

/** The module and memory for workers, or null when there is no heap. */
export function simdShare(): SimdShare | null {
  nativeHeap();
  return share ?? null;
}

/** Instantiates the kernels on a worker's thread, on the heap the main thread shared. */
export function attachSimd(shared: SimdShare): void {
  kernels = instantiate(shared);
}

/**
 * True when the SIMD kernels can run on every array given: there is a heap,
 * and each lives on it (main thread only; workers are told).
 */
export function onHeap(...views: (ArrayBufferView | null | undefined)[]): boolean {
  return kernels !== null && heap !== null && heap.holds(...views);
}

/** This thread's kernels on the heap, or null (then use the JavaScript loops). */
export function simd(): NativeSimd | null {
  return kernels;
}

function instantiate({ module, elementwise, memory }: SimdShare): NativeSimd {
  const imports = { env: { memory } };
  return {
    ...new WebAssembly.Instance(module, imports).exports,
    ...new WebAssembly.Instance(elementwise, imports).exports,
  } as unknown as NativeSimd;
}

function simdDisabled(): boolean {
  try {
    return Deno.env.get("SERLAB_SIMD") === "0";
  } catch {
    return false;
  }
}
