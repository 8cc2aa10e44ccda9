import * as tf from "@tensorflow/tfjs";
import { type CpuBackend, f32, type KernelArgs, nativeContext, NATIVE_BACKEND_NAME, out } from "../_backend_util.ts";
import { reluGradImpl } from "./_relu_impl.ts";

/** Kernel name of ReLU's gradient: dx = dy where x > 0, else 0. */
export const RELU_GRAD = "SerlabReluGrad";

/**
 * ReLU's gradient in one pass (tfjs's own is `dy · cast(step(x))`: three).
 *
 * @param args Kernel inputs `{dy, x}` (float32, same shape) and the backend.
 * @returns dx.
 */
export function reluGrad(args: KernelArgs): tf.TensorInfo {
  const { dy, x } = args.inputs;
  const backend = args.backend as CpuBackend;
  const dyv = f32(backend, dy);
  const dx = nativeContext(backend).pool.alloc(dyv.length);
  reluGradImpl(dyv, f32(backend, x), dx);
  return out(backend, [...dy.shape], dx);
}

/** Registers {@linkcode reluGrad} on the native backend. */
export const reluGradConfig: tf.KernelConfig = {
  kernelName: RELU_GRAD,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: reluGrad,
};

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
