import { assertEmbeddedWasmCurrent } from "../../../_wasm/_testing.ts";
import { SIMD_KERNELS } from "./_simd_kernels_build.ts";

Deno.test("SIMD_KERNELS: _simd_kernels_wasm.ts holds the bytes of _simd_kernels.wat (run `deno task wasm:simd` if not)", async () => {
  await assertEmbeddedWasmCurrent(SIMD_KERNELS);
});
