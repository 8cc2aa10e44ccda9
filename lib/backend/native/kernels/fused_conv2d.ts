import * as tf from "@tensorflow/tfjs";
import {
  allFloat32,
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  nativeKernelConfig,
  runCpuKernel,
} from "../_backend_util.ts";
import { convForward } from "./_conv_forward.ts";

/**
 * `FusedConv2D` on the native backend: convolution, per-channel bias and a
 * linear or ReLU activation in one pass over each chunk. Other activations,
 * other bias shapes and NCHW run the stock CPU kernel.
 *
 * @param args Kernel inputs `{x, filter, bias?, preluActivationWeights?}`, the backend and `FusedConv2DAttrs`.
 * @returns The activated convolution, NHWC.
 */
export function fusedConv2d(args: KernelArgs): tf.TensorInfo {
  const { x, filter, bias, preluActivationWeights } = args.inputs as Inputs<
    "x" | "filter",
    "bias" | "preluActivationWeights"
  >;
  const attrs = args.attrs as unknown as tf.FusedConv2DAttrs;
  const backend = args.backend as CpuBackend;
  const activation = attrs.activation ?? "linear";
  const outChannels = filter.shape[3];
  const supported = attrs.dataFormat !== "NCHW" && allFloat32(x, filter, bias) &&
    preluActivationWeights == null && (activation === "linear" || activation === "relu") &&
    (bias == null || bias.shape.reduce((a, b) => a * b, 1) === outChannels &&
        bias.shape[bias.shape.length - 1] === outChannels);
  if (!supported) return runCpuKernel(tf.FusedConv2D, args);
  return convForward(backend, x, filter, attrs, {
    bias: bias ? f32(backend, bias) : null,
    activation,
  });
}

/** Registers {@linkcode fusedConv2d} as `FusedConv2D` of the native backend. */
export const fusedConv2dConfig: tf.KernelConfig = nativeKernelConfig(tf.FusedConv2D, fusedConv2d);
