/**
 * Routes `tf.train.adam`'s update to serlab's one-pass Adam kernel while the
 * native backend is active.
 *
 * Why a patch: tfjs's `AdamOptimizer.applyGradients` updates each weight
 * with fourteen element-wise kernels (mul, add, square, div, sqrt, …), each
 * a pass over weight-sized arrays that no backend kernel can see as one;
 * on the seed CNN's flatten head (4.2 M weights) they cost ~45 ms per step
 * as native kernels, ~200 ms as tfjs's. The patched method keeps the
 * optimizer's state as tfjs keeps it (moment variables and their names,
 * `accBeta1`/`accBeta2`, `iterations`, the `learningRate` field read on
 * every step), so `getWeights`, `setWeights`, checkpoints and schedules
 * work unchanged, and its results equal tfjs's bit for bit. Other backends
 * and non-float32 weights take the original method.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND_NAME } from "./_backend_util.ts";
import { ADAM, type AdamAttrs } from "./kernels/adam.ts";

interface Moment {
  originalName: string;
  variable: tf.Variable;
}

interface AdamLike {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Moment[];
  accumulatedSecondMoment: Moment[];
  incrementIterations(): void;
}

type ApplyGradients = (
  this: AdamLike,
  variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[],
) => void;

let patched = false;

/** Installs the patch once per process; a no-op afterwards. */
export function patchAdamOptimizer(): void {
  if (patched) return;
  const proto = tf.AdamOptimizer.prototype as unknown as { applyGradients: ApplyGradients };
  const original = proto.applyGradients;
  proto.applyGradients = function (variableGradients) {
    const list = Array.isArray(variableGradients);
    const names = list ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const gradientOf = (name: string, i: number): tf.Tensor | undefined =>
      list ? variableGradients[i].tensor : variableGradients[name];
    const variables = tf.engine().registeredVariables;
    const float32 = names.every((name, i) =>
      variables[name]?.dtype === "float32" &&
      (gradientOf(name, i)?.dtype ?? "float32") === "float32"
    );
    if (tf.getBackend() !== NATIVE_BACKEND_NAME || !float32) {
      return original.call(this, variableGradients);
    }
    const attrs: AdamAttrs = {
      beta1: this.beta1,
      beta2: this.beta2,
      learningRate: this.learningRate,
      epsilon: this.epsilon,
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = variables[name];
        // As tfjs: moments made on first use, named after the weight, not trainable.
        this.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        this.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        const gradient = gradientOf(name, i);
        if (gradient == null) return;
        const m = this.accumulatedFirstMoment[i].variable;
        const v = this.accumulatedSecondMoment[i].variable;
        const [x, newM, newV] = tf.engine().runKernel(
          ADAM,
          { x: value, m, v, gradient, accBeta1: this.accBeta1, accBeta2: this.accBeta2 },
          attrs as unknown as tf.NamedAttrMap,
        ) as tf.Tensor[];
        m.assign(newM);
        v.assign(newV);
        value.assign(x);
      });
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
    this.incrementIterations();
  };
  patched = true;
}
