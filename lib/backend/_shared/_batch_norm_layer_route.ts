/**
 * Routes training-mode `tf.layers.batchNormalization` to the fused
 * {@linkcode BATCH_NORM_TRAINING} kernel on whichever backend registers it
 * (both of serlab's do).
 *
 * Why a patch: the layer computes `tf.moments` then `tf.batchNorm`, and tfjs
 * records and differentiates that composite op by op; no kernel can see the
 * whole, so no backend alone can avoid its ~20 activation-sized temporaries
 * per step (230 ms of a 1.0 s wasm step of the seed CNN). The patched `call`
 * keeps the layer's class, config, weights and saved model unchanged,
 * performs tfjs-layers' moving-average update, and uses the original `call`
 * for inference, other layouts, and backends without the kernel.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { BATCH_NORM_TRAINING } from "./_batch_norm_training.ts";

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
  gamma?: LayerVariableLike | null;
  beta?: LayerVariableLike | null;
  movingMean: LayerVariableLike;
  movingVariance: LayerVariableLike;
}

type Call = (
  this: BatchNormalizationLike,
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Record<string, unknown>,
) => tf.Tensor | tf.Tensor[];

const ROUTED = Symbol.for("serlab.batchNormKernelRoute");

/**
 * Installs the route once per process (marked on the prototype); a no-op
 * afterwards.
 *
 * @example A layer trains through one kernel on the wasm backend
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { routeBatchNormLayerToKernel } from "./_batch_norm_layer_route.ts";
 * import { setupWasmBackend } from "../wasm/setup_wasm_backend.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * await setupWasmBackend(); // registers SerlabBatchNormTraining and calls the route
 * routeBatchNormLayerToKernel(); // again: a no-op
 * const layer = tf.layers.batchNormalization();
 * const x = tf.tensor2d([1, 3], [2, 1]);
 * const { kernels } = await tf.profile(() => layer.apply(x, { training: true }) as tf.Tensor);
 * assert(kernels.some((k) => k.name === "SerlabBatchNormTraining"));
 * const y = layer.apply(x, { training: true }) as tf.Tensor;
 * assertEquals(Array.from(y.dataSync()).map((v) => Math.round(v)), [-1, 1]);
 * ```
 */
export function routeBatchNormLayerToKernel(): void {
  const proto = Object.getPrototypeOf(tf.layers.batchNormalization({})) as
    & { call: Call }
    & Record<symbol, boolean>;
  if (proto[ROUTED]) return;
  const original = proto.call;
  proto.call = function (inputs, kwargs) {
    const input = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;
    const rank = input?.shape.length ?? 0;
    if (
      input === undefined || kwargs?.["training"] !== true || input.dtype !== "float32" ||
      rank < 2 || (this.axis !== -1 && this.axis !== rank - 1) ||
      !this.center || !this.scale || !this.gamma || !this.beta ||
      tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) === undefined
    ) {
      return original.call(this, inputs, kwargs);
    }
    return tf.tidy(() => {
      const [y, mean, variance] = tf.engine().runKernel(
        BATCH_NORM_TRAINING,
        { x: input, scale: this.gamma!.read(), offset: this.beta!.read() },
        { varianceEpsilon: this.epsilon },
      ) as tf.Tensor[];
      // tfjs-layers' BatchNormalization.call update, unchanged.
      for (
        const [variable, value] of [[this.movingMean, mean], [
          this.movingVariance,
          variance,
        ]] as const
      ) {
        tf.tidy(() => {
          const origValue = variable.read();
          const updateDelta = tf.mul(tf.sub(origValue, value), 1 - this.momentum);
          variable.write(tf.sub(origValue, updateDelta));
        });
      }
      return y;
    });
  };
  proto[ROUTED] = true;
}
