/**
 * tfjs's gradient of `Relu`, rerouted to serlab's one-pass kernel on the
 * native backend (gradients are registered globally, not per backend).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { NATIVE_BACKEND_NAME } from "../_backend_util.ts";
import { RELU_GRAD } from "./relu_grad.ts";

/**
 * tfjs's gradient of `Relu`, routed to {@linkcode RELU_GRAD} while the
 * native backend is active and to tfjs's own gradient otherwise.
 *
 * @param original tfjs's gradient of `Relu`.
 * @returns The gradient config to register in its place.
 */
export function reluGradientFor(original: tf.GradConfig): tf.GradConfig {
  return {
    ...original,
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      if (tf.getBackend() !== NATIVE_BACKEND_NAME || x.dtype !== "float32" || Array.isArray(dy)) {
        return original.gradFunc(dy, saved, attrs);
      }
      return { x: () => tf.engine().runKernel(RELU_GRAD, { dy, x }) as tf.Tensor };
    },
  };
}
