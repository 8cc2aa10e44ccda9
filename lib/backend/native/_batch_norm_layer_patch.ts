/**
 * Routes training-mode `tf.layers.batchNormalization` to one fused kernel
 * while the native backend is active.
 *
 * Why a patch: the layer computes `tf.moments` then `tf.batchNorm`, and
 * tfjs records and differentiates that composite op by op; no kernel of a
 * backend can see the whole, so a backend alone cannot avoid its ~20
 * activation-sized temporaries per step. The patched `call` keeps the
 * layer's class, config, weights and `model.json` unchanged, performs the
 * same moving-average updates, and falls back to the original `call` for
 * inference, other backends and layouts it does not cover.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND_NAME } from "./_backend_util.ts";
import { BATCH_NORM_TRAINING } from "./kernels/batch_norm_training.ts";

interface LayerVariableLike {
  read(): tf.Tensor;
  write(value: tf.Tensor): unknown;
}

interface BatchNormalizationLike {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma?: LayerVariableLike;
  beta?: LayerVariableLike;
  movingMean: LayerVariableLike;
  movingVariance: LayerVariableLike;
}

type Call = (
  this: BatchNormalizationLike,
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Record<string, unknown>,
) => tf.Tensor | tf.Tensor[];

let patched = false;

/** Installs the patch once per process; a no-op afterwards. */
export function patchBatchNormalizationLayer(): void {
  if (patched) return;
  const proto = Object.getPrototypeOf(tf.layers.batchNormalization({})) as { call: Call };
  const original = proto.call;
  proto.call = function (inputs, kwargs) {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const training = kwargs?.["training"] === true;
    const rank = input?.shape.length ?? 0;
    const lastAxis = this.axis === -1 || this.axis === rank - 1;
    if (
      !training || tf.getBackend() !== NATIVE_BACKEND_NAME || !lastAxis || rank < 2 ||
      !this.center || !this.scale || !this.gamma || !this.beta || input.dtype !== "float32" ||
      (Array.isArray(inputs) && inputs.length !== 1)
    ) {
      return original.call(this, inputs, kwargs);
    }
    return tf.tidy(() => {
      const [y, mean, variance] = tf.engine().runKernel(
        BATCH_NORM_TRAINING,
        { x: input, scale: this.gamma!.read(), offset: this.beta!.read() },
        { varianceEpsilon: this.epsilon },
      ) as tf.Tensor[];
      // The same update as tfjs-layers' BatchNormalization.call.
      const update = (variable: LayerVariableLike, value: tf.Tensor) => {
        tf.tidy(() => {
          const decay = 1 - this.momentum;
          const origValue = variable.read();
          const updateDelta = tf.mul(tf.sub(origValue, value), decay);
          variable.write(tf.sub(origValue, updateDelta));
        });
      };
      update(this.movingMean, mean);
      update(this.movingVariance, variance);
      return y;
    });
  };
  patched = true;
}
