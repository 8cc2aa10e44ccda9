/**
 * The build of `_resample_kernels.wat` into `_resample_kernels_wasm.ts`
 * (base64 bytes, so that serlab needs no toolchain at run time and no async
 * start-up: the module compiles synchronously). Run as a script by
 * `deno task wasm:resample`.
 *
 * @module
 */
import { type EmbeddedWasm, writeEmbeddedWasm } from "../_wasm/build_wat.ts";

/** The resampler kernels' source and generated module. */
export const RESAMPLE_KERNELS: EmbeddedWasm = {
  wat: new URL("./_resample_kernels.wat", import.meta.url),
  out: new URL("./_resample_kernels_wasm.ts", import.meta.url),
  task: "wasm:resample",
  constName: "RESAMPLE_KERNELS_WASM_BASE64",
  description: "The resampler kernels' wasm bytes",
  features: { simd: true },
};

if (import.meta.main) await writeEmbeddedWasm(RESAMPLE_KERNELS, Deno.args);
