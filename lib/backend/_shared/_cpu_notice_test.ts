import * as tf from "@tensorflow/tfjs";
import { assertEquals } from "@std/assert";
import { quietCpuBackend } from "./_cpu_notice.ts";

Deno.test("quietCpuBackend() silences the cpu backend's first write without changing IS_NODE", async () => {
  const isNode = tf.env().get("IS_NODE");
  const warnings: unknown[][] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args);
  try {
    quietCpuBackend();
    await tf.setBackend("cpu");
    tf.tensor1d([1, 2]).dispose();
  } finally {
    console.warn = warn;
  }
  assertEquals(
    warnings.filter((w) => String(w[0]).includes("running TensorFlow.js in Node.js")),
    [],
  );
  assertEquals(tf.env().get("IS_NODE"), isNode);
});
