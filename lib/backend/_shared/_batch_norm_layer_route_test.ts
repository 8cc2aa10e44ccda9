import * as tf from "@tensorflow/tfjs";
import { assert } from "@std/assert";
import { testOnEachBackend } from "./_backends_testing.ts";
import { BATCH_NORM_TRAINING } from "./_batch_norm_training.ts";
import { assertParity, randomArray } from "./_testing.ts";

function layerAndInput(): { layer: tf.layers.Layer; x: tf.Tensor } {
  const layer = tf.layers.batchNormalization({ inputShape: [5, 8] });
  layer.build([null, 5, 8]);
  return { layer, x: tf.tensor3d(randomArray(3 * 5 * 8, 1, -2, 3), [3, 5, 8]) };
}

/** The routed layer runs one kernel, and keeps tfjs-layers' outputs and moving averages. */
async function assertRouted(backend: string): Promise<void> {
  await tf.setBackend(backend);
  const { layer, x } = layerAndInput();
  const profile = await tf.profile(() => layer.apply(x, { training: true }) as tf.Tensor);
  const names = profile.kernels.map((k) => k.name);
  assert(names.includes(BATCH_NORM_TRAINING), `kernels run: ${names}`);
  assert(!names.includes("FusedBatchNorm"), `kernels run: ${names}`);
  tf.dispose([x]);
  await assertParity(backend, "training, inference, weights", () => {
    const { layer, x } = layerAndInput();
    const training = layer.apply(x, { training: true }) as tf.Tensor;
    const inference = layer.apply(x, { training: false }) as tf.Tensor;
    return [training, inference, ...layer.getWeights()];
  }, { tolerance: 1e-5 });
}

testOnEachBackend(
  "routeBatchNormLayerToKernel() runs training-mode batch norm as one kernel",
  assertRouted,
);
