import * as tf from "@tensorflow/tfjs";
import { assertEquals } from "@std/assert";
import { setupWasmBackend } from "../setup_wasm_backend.ts";

await setupWasmBackend();

Deno.test("sum() reduces leading axes itself and hands other axes to the stock kernel", () => {
  tf.tidy(() => {
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [2, 2, 4]);
    assertEquals(Array.from(tf.sum(x, [0, 1]).dataSync()), [28, 32, 36, 40]);
    assertEquals(tf.sum(x, [0, 1], true).shape, [1, 1, 4]);
    assertEquals(Array.from(tf.sum(x, 2).dataSync()), [10, 26, 42, 58]);
  });
});
