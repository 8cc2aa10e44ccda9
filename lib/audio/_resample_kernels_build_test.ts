import { assertEmbeddedWasmCurrent } from "../_wasm/_testing.ts";
import { RESAMPLE_KERNELS } from "./_resample_kernels_build.ts";

Deno.test("RESAMPLE_KERNELS: _resample_kernels_wasm.ts holds the bytes of _resample_kernels.wat (run `deno task wasm:resample` if not)", async () => {
  await assertEmbeddedWasmCurrent(RESAMPLE_KERNELS);
});
