import { assertEquals } from "@std/assert";
import { compileResampleKernels, generatedSource } from "./_resample_kernels_build.ts";

Deno.test("compileResampleKernels() reproduces the committed bytes (run `deno task wasm:resample` if not)", async () => {
  const bytes = await compileResampleKernels();
  const committed = await Deno.readTextFile(
    new URL("./_resample_kernels_wasm.ts", import.meta.url),
  );
  assertEquals(committed, generatedSource(bytes));
});
