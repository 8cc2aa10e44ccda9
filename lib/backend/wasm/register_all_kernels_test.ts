import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertNotEquals } from "@std/assert";
import { registerWasmTrainingKernels } from "./register_all_kernels.ts";
import { setupWasmBackend } from "./setup_wasm_backend.ts";

const REPLACED = [
  "Conv2DBackpropInput",
  "FusedBatchNorm",
  "MaxPoolGrad",
  "Sum",
  "Mean",
  "Identity",
  "Cast",
];
const ADDED = [
  "Conv2DBackpropFilter",
  "SerlabBatchNormTraining",
  "SerlabBatchNormTrainingGrad",
  "SerlabFusedBatchNormGrad",
];

Deno.test("registerWasmTrainingKernels() is idempotent", async () => {
  await setupWasmBackend();
  const before = [...REPLACED, ...ADDED].map((name) => tf.getKernel(name, "wasm"));
  const gradient = tf.getGradient("FusedBatchNorm");
  registerWasmTrainingKernels();
  registerWasmTrainingKernels();
  assertEquals([...REPLACED, ...ADDED].map((name) => tf.getKernel(name, "wasm")), before);
  assertEquals(tf.getGradient("FusedBatchNorm"), gradient);
});

Deno.test("registerWasmTrainingKernels() keeps the stock kernels' setup for the cases it hands back", async () => {
  await setupWasmBackend();
  for (const name of ["FusedBatchNorm", "Sum", "Mean", "Identity", "Cast"]) {
    const config = tf.getKernel(name, "wasm");
    assert(config !== undefined, name);
    // Sum over a middle axis, an int32 sum and a real cast take the stock path.
    assertNotEquals(config.setupFunc, undefined, `${name} lost the stock setupFunc`);
  }
  const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
  assertEquals(Array.from(tf.sum(x, 1).dataSync()), [4, 6, 12, 14]);
  assertEquals(Array.from(tf.sum(tf.cast(x, "int32"), 1).dataSync()), [4, 6, 12, 14]);
});

Deno.test("registerWasmTrainingKernels() works when called before the wasm backend starts", async () => {
  // A fresh process: in this one the backend has long been started.
  const script = `
    import * as tf from "@tensorflow/tfjs";
    import { registerWasmTrainingKernels } from "${new URL(
    "./register_all_kernels.ts",
    import.meta.url,
  )}";
    registerWasmTrainingKernels();
    await tf.setBackend("wasm");
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    const dw = tf.grad((w) => tf.conv2d(tf.ones([1, 3, 3, 1]), w, 1, "valid").sum())(tf.zeros([3, 3, 1, 1]));
    console.log(JSON.stringify([tf.getBackend(), Array.from(tf.sum(x, 1).dataSync()), Array.from(dw.dataSync())]));
  `;
  const config = new URL("../../../deno.json", import.meta.url);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", config.pathname, script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(stdout).trim().split("\n").at(-1);
  assertEquals(code, 0, new TextDecoder().decode(stderr));
  assertEquals(out, JSON.stringify(["wasm", [4, 6, 12, 14], Array(9).fill(1)]));
});
