import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { assertEquals } from "@std/assert";
import { setupWasmBackend } from "../setup_wasm_backend.ts";

await setupWasmBackend();

Deno.test("identity() shares the input's data instead of copying it", () => {
  const x = tf.tensor1d([1, 2, 3]);
  const backend = tf.backend() as BackendWasm;
  const before = backend.numDataIds();
  const y = tf.clone(x);
  assertEquals(backend.numDataIds(), before);
  x.dispose();
  assertEquals(Array.from(y.dataSync()), [1, 2, 3]);
  y.dispose();
});
