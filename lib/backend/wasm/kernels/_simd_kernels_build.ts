/**
 * The build of `_simd_kernels.wat` into `_simd_kernels_wasm.ts` (base64
 * bytes, so that serlab needs no toolchain at run time). Run as a script by
 * `deno task wasm:simd`.
 *
 * @module
 */
import { type EmbeddedWasm, writeEmbeddedWasm } from "../../../_wasm/build_wat.ts";

/** The SIMD kernels' source and generated module. */
export const SIMD_KERNELS: EmbeddedWasm = {
  wat: new URL("./_simd_kernels.wat", import.meta.url),
  out: new URL("./_simd_kernels_wasm.ts", import.meta.url),
  task: "wasm:simd",
  constName: "SIMD_KERNELS_WASM_BASE64",
  description: "The SIMD kernels' wasm bytes",
  features: { simd: true, bulk_memory: true },
};

if (import.meta.main) await writeEmbeddedWasm(SIMD_KERNELS, Deno.args);
