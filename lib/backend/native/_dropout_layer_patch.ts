/**
 * Routes training-mode `tf.layers.dropout` to serlab's one-pass dropout
 * kernel while the native backend is active.
 *
 * Why a patch: tfjs's dropout is `x · ⌊u + keep⌋ / keep` with u drawn by
 * `seedrandom` in JavaScript one element at a time, five activation-sized
 * passes that no backend kernel can see as one. The patched `call` keeps
 * the layer's class, config and `model.json`; inference, noise shapes and
 * other backends take the original `call`. Like tfjs, a layer with a `seed`
 * drops the same elements on every call; without one, each call draws a
 * new mask.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND_NAME } from "./_backend_util.ts";
import { DROPOUT } from "./kernels/dropout.ts";

interface DropoutLike {
  rate: number;
  seed?: number;
  noiseShape?: unknown;
  invokeCallHook(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): void;
}

type Call = (
  this: DropoutLike,
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Record<string, unknown>,
) => tf.Tensor | tf.Tensor[];

let patched = false;

/** Installs the patch once per process; a no-op afterwards. */
export function patchDropoutLayer(): void {
  if (patched) return;
  const proto = Object.getPrototypeOf(tf.layers.dropout({ rate: 0.5 })) as { call: Call };
  const original = proto.call;
  proto.call = function (inputs, kwargs) {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const training = kwargs?.["training"] === true;
    if (
      !training || tf.getBackend() !== NATIVE_BACKEND_NAME || this.noiseShape != null ||
      !(this.rate > 0 && this.rate < 1) || input?.dtype !== "float32" ||
      (Array.isArray(inputs) && inputs.length !== 1)
    ) {
      return original.call(this, inputs, kwargs);
    }
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      const seed = this.seed != null
        ? Math.imul(this.seed | 0, 0x2545f491) >>> 0
        : Math.floor(Math.random() * 2 ** 32);
      return tf.engine().runKernel(DROPOUT, { x: input }, { rate: this.rate, seed }) as tf.Tensor;
    });
  };
  patched = true;
}
