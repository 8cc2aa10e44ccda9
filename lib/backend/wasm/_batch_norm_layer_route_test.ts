import * as tf from "@tensorflow/tfjs";
import { assert, assertLessOrEqual } from "@std/assert";
import { setupWasmBackend } from "./setup_wasm_backend.ts";
import { randomArray, relativeError } from "./_testing.ts";

function layerAndInput(): { layer: tf.layers.Layer; x: tf.Tensor } {
  const layer = tf.layers.batchNormalization({ inputShape: [5, 8] });
  layer.build([null, 5, 8]);
  return { layer, x: tf.tensor3d(randomArray(3 * 5 * 8, 1, -2, 3), [3, 5, 8]) };
}

Deno.test("routeBatchNormLayerToKernel() runs training-mode batch norm as one kernel on wasm", async () => {
  await setupWasmBackend();
  const { layer, x } = layerAndInput();
  const profile = await tf.profile(() => layer.apply(x, { training: true }) as tf.Tensor);
  const names = profile.kernels.map((k) => k.name);
  assert(names.includes("SerlabBatchNormTraining"), `kernels run: ${names}`);
  assert(!names.includes("FusedBatchNorm"), `kernels run: ${names}`);
  tf.dispose([x]);
});

Deno.test("routeBatchNormLayerToKernel() keeps tfjs-layers' outputs and moving averages", async () => {
  await setupWasmBackend();
  const results: Float32Array[][] = [];
  for (const backend of ["cpu", "wasm"]) {
    await tf.setBackend(backend);
    const { layer, x } = layerAndInput();
    const training = layer.apply(x, { training: true }) as tf.Tensor;
    const inference = layer.apply(x, { training: false }) as tf.Tensor;
    results.push(
      [training, inference, ...layer.getWeights()].map((t) => Float32Array.from(t.dataSync())),
    );
    tf.dispose([x, training, inference]);
  }
  await tf.setBackend("wasm");
  const [cpu, wasm] = results;
  for (let i = 0; i < cpu.length; i++) {
    assertLessOrEqual(relativeError(wasm[i], cpu[i]), 1e-5, `output ${i}`);
  }
});
