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
  runCpuKernel,
} from "../_backend_util.ts";
import { geometryOf } from "../_im2col.ts";
import { conv2dBackpropInputImpl } from "./_conv2d_backprop_input_impl.ts";

/**
 * `Conv2DBackpropInput` on the native backend: dy·Wᵀ with OpenBLAS, then
 * col2im. NCHW runs the stock CPU kernel.
 *
 * @param args Kernel inputs `{dy, filter}`, the backend and `Conv2DBackpropInputAttrs`.
 * @returns dx, NHWC, of shape `attrs.inputShape`.
 */
export function conv2dBackpropInput(args: KernelArgs): tf.TensorInfo {
  const { dy, filter } = args.inputs as Inputs<"dy" | "filter">;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const backend = args.backend as CpuBackend;
  if (attrs.dataFormat === "NCHW" || !allFloat32(dy, filter)) {
    return runCpuKernel(tf.Conv2DBackpropInput, args);
  }
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
  const { blas, pool, rows } = nativeContext(backend);
  const dx = conv2dBackpropInputImpl(
    f32(backend, dy),
    f32(backend, filter),
    geometryOf(info),
    blas,
    {
      allocator: pool,
      rows,
    },
  );
  return out(backend, [...attrs.inputShape], dx);
}

/** Registers {@linkcode conv2dBackpropInput} as `Conv2DBackpropInput` of the native backend. */
export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: conv2dBackpropInput,
};
