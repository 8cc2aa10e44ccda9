/**
 * Helpers for the native backend's tests: the OpenBLAS requirement and the
 * registered backend (random data, error measure and parity runs are in
 * `../_shared/_testing.ts`).
 *
 * @module
 */
import type { Requirement } from "../../../tests/requirements.ts";
import { nativeHeap, type SharedHeap } from "./_heap.ts";
import { loadOpenBlas, type OpenBlas } from "./_openblas.ts";
import { registerNativeBackend } from "./register_native_backend.ts";

/** OpenBLAS through FFI (`apt-get install libopenblas0-pthread`). */
export function needsOpenBlas(): Requirement<OpenBlas> {
  const load = loadOpenBlas();
  return {
    name: "OpenBLAS",
    value: load.ok ? load.blas : null,
    hint: `${load.ok ? "" : load.reason}; apt-get install libopenblas0-pthread`,
  };
}

/** Registers the native backend (once) and returns its name. */
export function nativeBackend(threads = navigator.hardwareConcurrency || 1): string {
  const result = registerNativeBackend({ threads });
  if (!result.ok) throw new Error(`Cannot register the native backend: ${result.reason}`);
  return result.info.name;
}

/** The native backend's shared SIMD heap (WebAssembly SIMD and shared memory; off with `SERLAB_SIMD=0`). */
export function needsSimdHeap(): Requirement<SharedHeap> {
  return {
    name: "the native SIMD heap",
    value: nativeHeap(),
    hint: "a Deno with WebAssembly SIMD and shared memory, and SERLAB_SIMD unset or not 0",
  };
}
