/**
 * The builds of the native backend's SIMD kernels, run as a script by
 * `deno task wasm:native`: the wasm backend's `_simd_kernels.wat` with its
 * memory shared (the native backend's heap, seen by every thread) into
 * `_simd_kernels_wasm.ts`, and the native backend's own
 * `_elementwise_kernels.wat` (Adam, square root, square) into
 * `_elementwise_kernels_wasm.ts`.
 *
 * @module
 */
import { type EmbeddedWasm, writeEmbeddedWasm } from "../../_wasm/build_wat.ts";

/** Pages of 64 KiB in the largest heap wasm32 addresses: 4 GiB. */
export const MAX_HEAP_PAGES = 65536;

/** The native SIMD kernels' source and generated module. */
export const NATIVE_SIMD_KERNELS: EmbeddedWasm = {
  wat: new URL("../wasm/kernels/_simd_kernels.wat", import.meta.url),
  out: new URL("./_simd_kernels_wasm.ts", import.meta.url),
  task: "wasm:native",
  constName: "NATIVE_SIMD_KERNELS_WASM_BASE64",
  description: "The native backend's SIMD kernels' wasm bytes (shared memory)",
  features: { simd: true, bulk_memory: true, threads: true },
  sharedMemoryPages: MAX_HEAP_PAGES,
};

/** The native backend's own element-wise kernels' source and generated module. */
export const NATIVE_ELEMENTWISE_KERNELS: EmbeddedWasm = {
  wat: new URL("./_elementwise_kernels.wat", import.meta.url),
  out: new URL("./_elementwise_kernels_wasm.ts", import.meta.url),
  task: "wasm:native",
  constName: "NATIVE_ELEMENTWISE_KERNELS_WASM_BASE64",
  description: "The native backend's element-wise SIMD kernels' wasm bytes (shared memory)",
  features: { simd: true, threads: true },
  sharedMemoryPages: MAX_HEAP_PAGES,
};

if (import.meta.main) {
  await writeEmbeddedWasm(NATIVE_SIMD_KERNELS, Deno.args);
  await writeEmbeddedWasm(NATIVE_ELEMENTWISE_KERNELS, Deno.args);
}
