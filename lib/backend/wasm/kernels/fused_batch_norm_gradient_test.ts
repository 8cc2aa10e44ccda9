import * as tf from "@tensorflow/tfjs";
import { assert, assertLessOrEqual } from "@std/assert";
import { setupWasmBackend } from "../setup_wasm_backend.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";

await setupWasmBackend();

function gradients(): Float32Array[] {
  const x = tf.tensor3d(randomArray(2 * 3 * 4, 1), [2, 3, 4]);
  const stats = [2, 3, 4, 5].map((seed) => tf.tensor1d(randomArray(4, seed, 0.5, 1.5)));
  const weights = tf.tensor3d(randomArray(2 * 3 * 4, 6), [2, 3, 4]);
  const grads = tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
    tf.batchNorm(a, m as tf.Tensor1D, v as tf.Tensor1D, o as tf.Tensor1D, s as tf.Tensor1D, 1e-3)
      .mul(weights).sum()
  )([x, ...stats]);
  const values = grads.map((g) => Float32Array.from(g.dataSync()));
  tf.dispose([x, ...stats, weights, ...grads]);
  return values;
}

Deno.test("fusedBatchNormGradientConfig uses the fused kernel on wasm and tfjs's gradient elsewhere", async () => {
  const profile = await tf.profile(() => {
    gradients();
    return tf.scalar(0);
  });
  assert(profile.kernels.some((k) => k.name === "SerlabFusedBatchNormGrad"));
  const onWasm = gradients();
  await tf.setBackend("cpu");
  const onCpu = gradients();
  await tf.setBackend("wasm");
  for (let i = 0; i < onCpu.length; i++) {
    assertLessOrEqual(relativeError(onWasm[i], onCpu[i]), 1e-5, `input ${i}`);
  }
});
