import { assertEquals } from "@std/assert";
import { decodeBase64 } from "./_base64.ts";
import { compileSimdKernels, generatedSource } from "./_simd_kernels_build.ts";
import { SIMD_KERNELS_WASM_BASE64 } from "./_simd_kernels_wasm.ts";

Deno.test("compileSimdKernels() reproduces the committed bytes (run `deno task wasm:simd` if not)", async () => {
  const bytes = await compileSimdKernels();
  assertEquals(decodeBase64(SIMD_KERNELS_WASM_BASE64), bytes);
  const committed = await Deno.readTextFile(new URL("./_simd_kernels_wasm.ts", import.meta.url));
  assertEquals(committed, generatedSource(bytes));
});
