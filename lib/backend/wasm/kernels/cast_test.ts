import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { assertEquals } from "@std/assert";
import { setupWasmBackend } from "../setup_wasm_backend.ts";

await setupWasmBackend();

Deno.test("cast() shares data for the same dtype and converts otherwise", () => {
  const x = tf.tensor1d([1.75, -2.5]);
  const backend = tf.backend() as BackendWasm;
  const before = backend.numDataIds();
  const same = tf.cast(x, "float32");
  assertEquals(backend.numDataIds(), before);
  const ints = tf.cast(x, "int32");
  assertEquals(Array.from(ints.dataSync()), [1, -2]);
  x.dispose();
  assertEquals(Array.from(same.dataSync()), [1.75, -2.5]);
  tf.dispose([same, ints]);
});
