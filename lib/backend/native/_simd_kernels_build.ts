/**
 * The build of the wasm backend's `_simd_kernels.wat` for the native
 * backend: the same source with its memory shared (the native backend's
 * heap, seen by every thread), into `_simd_kernels_wasm.ts`. Run as a script
 * by `deno task wasm:native`.
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

if (import.meta.main) await writeEmbeddedWasm(NATIVE_SIMD_KERNELS, Deno.args);
