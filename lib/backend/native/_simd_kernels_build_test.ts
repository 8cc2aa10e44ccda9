import { assertEmbeddedWasmCurrent } from "../../_wasm/_testing.ts";
import { NATIVE_ELEMENTWISE_KERNELS, NATIVE_SIMD_KERNELS } from "./_simd_kernels_build.ts";

Deno.test("NATIVE_SIMD_KERNELS: _simd_kernels_wasm.ts holds the shared-memory bytes of ../wasm/kernels/_simd_kernels.wat (run `deno task wasm:native` if not)", async () => {
  await assertEmbeddedWasmCurrent(NATIVE_SIMD_KERNELS);
});

Deno.test("NATIVE_ELEMENTWISE_KERNELS: _elementwise_kernels_wasm.ts holds the shared-memory bytes of _elementwise_kernels.wat (run `deno task wasm:native` if not)", async () => {
  await assertEmbeddedWasmCurrent(NATIVE_ELEMENTWISE_KERNELS);
});
