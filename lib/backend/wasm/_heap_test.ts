import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { assertEquals, assertThrows } from "@std/assert";
import {
  allocF32,
  allocF64,
  disposeInfo,
  disposeView,
  heapF32,
  heapOffset,
  viewF32,
} from "./_heap.ts";
import { setupWasmBackend } from "./setup_wasm_backend.ts";

Deno.test("viewF32() aliases its base and disposeView() leaves the base intact", async () => {
  await setupWasmBackend();
  const backend = tf.backend() as BackendWasm;
  const before = backend.numDataIds();
  const base = allocF32(backend, [6]);
  heapF32(backend, base).set([0, 1, 2, 3, 4, 5]);
  const view = viewF32(backend, base, 2, [2, 2]);
  assertEquals(heapOffset(backend, view), heapOffset(backend, base) + 8);
  assertEquals(Array.from(heapF32(backend, view)), [2, 3, 4, 5]);
  heapF32(backend, view)[0] = 20;
  disposeView(backend, view);
  disposeView(backend, view);
  // The base still owns its bytes: they can be read and freed once.
  assertEquals(Array.from(heapF32(backend, base)), [0, 1, 20, 3, 4, 5]);
  disposeInfo(backend, base);
  assertEquals(backend.numDataIds(), before);
});

Deno.test("allocF64() gives zeroed float64 scratch on the heap", async () => {
  await setupWasmBackend();
  const backend = tf.backend() as BackendWasm;
  const scratch = allocF64(backend, 3);
  assertEquals(Array.from(scratch.view()), [0, 0, 0]);
  assertEquals(scratch.offset, heapOffset(backend, scratch.info));
  disposeInfo(backend, scratch.info);
});

Deno.test("heapF32() rejects a tensor that is not float32", async () => {
  await setupWasmBackend();
  const backend = tf.backend() as BackendWasm;
  const x = tf.tensor1d([1, 2], "int32");
  assertThrows(
    () => heapF32(backend, x),
    TypeError,
    "dtype must be float32: current value is int32",
  );
  x.dispose();
});
