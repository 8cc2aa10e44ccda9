import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertThrows } from "@std/assert";
import { setupWasmBackend } from "../setup_wasm_backend.ts";
import { checkChannels, requireFloat4d, requireInput } from "./_checks.ts";

await setupWasmBackend();

Deno.test("requireInput() and requireFloat4d() name the kernel, the input and its value", () => {
  assertThrows(
    () => requireInput("K", "x", undefined),
    TypeError,
    "Cannot run K on wasm as input x must be given",
  );
  tf.tidy(() => {
    const ok = tf.zeros([1, 2, 2, 1]);
    assertEquals(requireFloat4d("K", "x", ok), ok);
    assertThrows(
      () => requireFloat4d("K", "x", tf.zeros([2, 2])),
      RangeError,
      "x must have rank 4: current shape is [2,2]",
    );
    assertThrows(
      () => requireFloat4d("K", "x", tf.zeros([1, 1, 1, 1], "int32")),
      TypeError,
      "x must be float32: current value is int32",
    );
  });
});

Deno.test("checkChannels() returns the channel count and rejects mismatched statistics", () => {
  tf.tidy(() => {
    const x = tf.zeros([2, 3, 4]);
    assertEquals(checkChannels("K", x, { scale: tf.ones([4]) }), 4);
    assertThrows(
      () => checkChannels("K", x, { scale: tf.ones([3]) }),
      RangeError,
      "scale must be float32 of shape [4]: current value is float32 [3]",
    );
    assertThrows(
      () => checkChannels("K", x, { offset: undefined }),
      RangeError,
      "current value is missing",
    );
  });
});
