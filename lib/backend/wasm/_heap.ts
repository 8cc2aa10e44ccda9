/**
 * Internal helpers for kernels that work on the wasm backend's heap from
 * JavaScript: typed-array views, scratch tensors and zero-copy tensor views.
 *
 * A view taken with {@linkcode heapF32} is invalidated whenever the wasm
 * memory grows (any allocation may grow it), so kernels take their views
 * after their last allocation and again after calling another kernel.
 *
 * @module
 */
import type { TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/** A float32 view of a tensor's bytes on the wasm heap. */
export function heapF32(backend: BackendWasm, info: TensorInfo): Float32Array {
  if (info.dtype !== "float32") {
    throw new TypeError(
      `Cannot view tensor on the wasm heap as dtype must be float32: current value is ${info.dtype}`,
    );
  }
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Allocates an uninitialised float32 tensor on the wasm heap. */
export function allocF32(backend: BackendWasm, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, "float32");
}

/** Frees a tensor made inside a kernel and not returned by it. */
export function disposeInfo(backend: BackendWasm, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

/**
 * Registers a tensor that aliases `shape`-many floats of `base`, starting
 * `offset` floats in, without copying. Free it with {@linkcode disposeView},
 * never with {@linkcode disposeInfo}: the bytes belong to `base`.
 */
export function viewF32(
  backend: BackendWasm,
  base: TensorInfo,
  offset: number,
  shape: number[],
): TensorInfo {
  const start = backend.getMemoryOffset(base.dataId) + offset * 4;
  return backend.makeOutput(shape, "float32", start);
}

/** Unregisters a view made by {@linkcode viewF32}, leaving its bytes to their owner. */
export function disposeView(backend: BackendWasm, view: TensorInfo): void {
  // has() first: DataStorage.get() of an unknown id asks the engine to move it.
  if (!backend.dataIdMap.has(view.dataId)) return;
  const data = backend.dataIdMap.get(view.dataId);
  // BackendWasm.disposeData would free(memoryOffset), which is not ours to
  // free; unregistering also runs the C++ disposal callbacks, which delete
  // any XNNPACK operator cached on this tensor id.
  backend.wasm.tfjs.disposeData(data.id);
  backend.dataIdMap.delete(view.dataId);
}

/** The heap byte offset of a tensor's data, for the SIMD kernels. */
export function heapOffset(backend: BackendWasm, info: TensorInfo): number {
  return backend.getMemoryOffset(info.dataId);
}

/**
 * Float64 scratch arrays on the heap for the SIMD kernels' accumulators,
 * zeroed; `views()` re-reads them (call it after any allocation).
 */
export function allocF64(
  backend: BackendWasm,
  length: number,
): { info: TensorInfo; offset: number; view: () => Float64Array } {
  const info = allocF32(backend, [2 * length]);
  const offset = heapOffset(backend, info);
  const heap = backend.wasm as unknown as { HEAPU8: Uint8Array };
  const view = () => new Float64Array(heap.HEAPU8.buffer, offset, length);
  view().fill(0);
  return { info, offset, view };
}
