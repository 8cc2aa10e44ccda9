import * as tf from "@tensorflow/tfjs";
import {
  allFloat32,
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  NATIVE_BACKEND_NAME,
  nativeContext,
  out,
  recordingGradients,
  runCpuKernel,
} from "../_backend_util.ts";
import { geometryOf } from "../_im2col.ts";
import { rememberCols } from "./_cols_cache.ts";
import { conv2dImpl } from "./_conv2d_impl.ts";

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
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
  const { blas, pool, rows } = nativeContext(backend);
  const g = geometryOf(info);
  const { y, cols } = conv2dImpl(f32(backend, x), f32(backend, filter), g, blas, {
    allocator: pool,
    rows,
    bias: bias ? f32(backend, bias) : null,
    activation,
    keepCols: recordingGradients(),
  });
  if (cols) rememberCols(backend, x, g, cols);
  return out(backend, info.outShape, y);
}

/** Registers {@linkcode fusedConv2d} as `FusedConv2D` of the native backend. */
export const fusedConv2dConfig: tf.KernelConfig = {
  kernelName: tf.FusedConv2D,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: fusedConv2d,
};
