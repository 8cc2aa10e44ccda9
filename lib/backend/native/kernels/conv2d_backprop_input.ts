import * as tf from "@tensorflow/tfjs";
import { conv2dInfoOf, convGeometryOf } from "../../_shared/_conv_geometry.ts";
import {
  allFloat32,
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  nativeContext,
  nativeKernelConfig,
  runCpuKernel,
} from "../_backend_util.ts";
import { conv2dBackpropInputImpl } from "./_conv2d_backprop_input_impl.ts";
import { lazyTensor } from "../_lazy_data.ts";

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
  const { gemm, pool, rows } = nativeContext(backend);
  const g = convGeometryOf(
    conv2dInfoOf(attrs.inputShape, filter.shape, { ...attrs, dilations: 1 }),
  );
  // Lazy: tfjs's fused convolution asks for this even when its input is the
  // data batch, whose gradient nobody reads (see _lazy_data.ts).
  return lazyTensor(
    backend,
    [...attrs.inputShape],
    [dy, filter],
    () =>
      conv2dBackpropInputImpl(f32(backend, dy), f32(backend, filter), g, gemm, {
        allocator: pool,
        rows,
      }),
    (values) => pool.retain(values),
  );
}

/** Registers {@linkcode conv2dBackpropInput} as `Conv2DBackpropInput` of the native backend. */
export const conv2dBackpropInputConfig: tf.KernelConfig = nativeKernelConfig(
  tf.Conv2DBackpropInput,
  conv2dBackpropInput,
);
