import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertExists, assertRejects, assertStringIncludes } from "@std/assert";
import { setupWasmBackend } from "./setup_wasm_backend.ts";

Deno.test("setupWasmBackend() makes wasm the backend, with the training kernels", async () => {
  await setupWasmBackend();
  assertEquals(tf.getBackend(), "wasm");
  for (
    const name of ["Conv2DBackpropFilter", "SerlabBatchNormTraining", "SerlabBatchNormTrainingGrad"]
  ) {
    assertExists(tf.getKernel(name, "wasm"), name);
  }
  // Deno validates WebAssembly SIMD, so the SIMD build is the one loaded.
  assertEquals(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"), true);
});

Deno.test("setupWasmBackend() can be called again after switching backends", async () => {
  await setupWasmBackend();
  await tf.setBackend("cpu");
  await setupWasmBackend();
  assertEquals(tf.getBackend(), "wasm");
  assertEquals(Array.from(tf.add(tf.tensor1d([1, 2]), 1).dataSync()), [2, 3]);
});

Deno.test("setupWasmBackend() rejects a thread count that is not a positive integer", async () => {
  for (const threads of [0, -1, 1.5, NaN]) {
    await assertRejects(
      () => setupWasmBackend({ threads }),
      RangeError,
      `threads must be an integer >= 1: current value is ${threads}`,
    );
  }
});

Deno.test("setupWasmBackend() warns and runs on one thread when asked for more", async () => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
  try {
    await setupWasmBackend({ threads: 2 });
  } finally {
    console.warn = warn;
  }
  assertEquals(tf.getBackend(), "wasm");
  assertEquals(warnings.length, 1);
  assertStringIncludes(warnings[0], "running on 1 thread instead of 2");
});
