/**
 * Reuse of large Float32Arrays between training steps.
 *
 * Why: a training step of the seed CNN makes dozens of activation-sized
 * arrays (up to 68 MB each). A fresh `new Float32Array(n)` of that size is
 * zero-filled page by page by the kernel, which here costs as much as the
 * arithmetic that fills it; the same shapes recur every step, so handing
 * back arrays freed by the previous step removes that cost.
 *
 * Safety: only arrays this pool allocated are ever reused, only once no
 * tensor data entry holds them any more, and never after user code could
 * have seen them (`dataSync`, `data`, `bufferSync` go through `readSync`,
 * which marks the array as exposed).
 *
 * @module
 */

/** Arrays shorter than this are left to the garbage collector. */
import type { SharedHeap } from "./_heap.ts";

const MIN_POOLED_LENGTH = 1 << 15;

/** A pool of reusable Float32Arrays keyed by exact length. */
export class Float32Pool {
  #free = new Map<number, Float32Array[]>();
  #owned = new WeakSet<Float32Array>();
  #holders = new Map<Float32Array, number>();
  #freeBytes = 0;
  #maxFreeBytes: number;

  #shared: boolean;
  #heap: SharedHeap | null = null;

  /**
   * @param maxFreeBytes Upper bound on the bytes kept while unused.
   * @param shared Allocate on SharedArrayBuffers, so that workers can fill the arrays.
   */
  constructor(maxFreeBytes = 2 ** 31, shared = false) {
    this.#maxFreeBytes = maxFreeBytes;
    this.#shared = shared;
  }

  /** An array of `length` floats with arbitrary contents: the caller must write every element. */
  alloc(length: number): Float32Array {
    if (length < MIN_POOLED_LENGTH) return new Float32Array(length);
    const onHeap = this.#heap?.f32(length);
    if (onHeap) {
      this.#owned.add(onHeap);
      return onHeap;
    }
    const list = this.#free.get(length);
    const reused = list?.pop();
    if (reused) {
      this.#freeBytes -= reused.byteLength;
      return reused;
    }
    const fresh = this.#shared
      ? new Float32Array(new SharedArrayBuffer(4 * length))
      : new Float32Array(length);
    this.#owned.add(fresh);
    return fresh;
  }

  /** An array of `length` zeros. */
  allocZeroed(length: number): Float32Array {
    const a = this.alloc(length);
    a.fill(0);
    return a;
  }

  /** Gives back a scratch array that never became tensor data. */
  recycle(values: Float32Array): void {
    if (!this.#owned.has(values) || this.#holders.has(values)) return;
    this.#push(values);
  }

  /** Counts one more tensor data entry holding `values`. */
  retain(values: unknown): void {
    if (!(values instanceof Float32Array) || !this.#owned.has(values)) return;
    this.#holders.set(values, (this.#holders.get(values) ?? 0) + 1);
  }

  /** One tensor data entry holding `values` is gone; reuse it when it was the last. */
  release(values: unknown): void {
    if (!(values instanceof Float32Array) || !this.#owned.has(values)) return;
    const n = (this.#holders.get(values) ?? 1) - 1;
    if (n > 0) {
      this.#holders.set(values, n);
      return;
    }
    this.#holders.delete(values);
    this.#push(values);
  }

  /** User code may keep `values`: never reuse it. */
  expose(values: unknown): void {
    if (!(values instanceof Float32Array) || !this.#owned.has(values)) return;
    this.#owned.delete(values);
    this.#holders.delete(values);
  }

  /** Allocates new arrays on SharedArrayBuffers (true) or ArrayBuffers; drops the unused ones. */
  setShared(shared: boolean): void {
    if (shared === this.#shared) return;
    this.#shared = shared;
    this.clear();
  }

  /** Drops every unused array. */
  clear(): void {
    this.#free.clear();
    this.#freeBytes = 0;
  }

  /** Bytes held while unused. */
  get freeBytes(): number {
    return this.#freeBytes;
  }

  /**
   * Takes large arrays from `heap` from now on (it reuses freed blocks itself);
   * arrays it cannot hold still come from ordinary memory.
   */
  useHeap(heap: SharedHeap | null): void {
    this.#heap = heap;
  }

  #push(values: Float32Array): void {
    if (this.#heap?.holds(values)) {
      this.#heap.release(values);
      return;
    }
    if (this.#freeBytes + values.byteLength > this.#maxFreeBytes) this.clear();
    let list = this.#free.get(values.length);
    if (!list) {
      list = [];
      this.#free.set(values.length, list);
    }
    list.push(values);
    this.#freeBytes += values.byteLength;
  }
}
