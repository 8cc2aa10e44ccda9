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
  out,
  runCpuKernel,
} from "../_backend_util.ts";
import { isMono3x3, monoFilterGrad } from "./_mono_conv.ts";
import { conv2dBackpropFilterImpl } from "./_conv2d_backprop_filter_impl.ts";

/**
 * `Conv2DBackpropFilter` on the native backend: Σ colsᵀ·dy with OpenBLAS,
 * the column matrix rebuilt piece by piece (one-channel 3×3 first layers:
 * the SIMD mono kernel). NCHW runs the stock CPU kernel.
 *
 * @param args Kernel inputs `{x, dy}`, the backend and `Conv2DBackpropFilterAttrs`.
 * @returns dW, HWIO.
 */
export function conv2dBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { x, dy } = args.inputs as Inputs<"x" | "dy">;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const backend = args.backend as CpuBackend;
  if (attrs.dataFormat === "NCHW" || !allFloat32(x, dy)) {
    return runCpuKernel(tf.Conv2DBackpropFilter, args);
  }
  const { gemm, pool, rows, team } = nativeContext(backend);
  const g = convGeometryOf(conv2dInfoOf(x.shape, attrs.filterShape, { ...attrs, dilations: 1 }));
  if (isMono3x3(g)) {
    const dw = monoFilterGrad(team, f32(backend, x), f32(backend, dy), g);
    if (dw) return out(backend, [...attrs.filterShape], dw);
  }
  const dw = conv2dBackpropFilterImpl(f32(backend, x), f32(backend, dy), g, gemm, {
    allocator: pool,
    rows,
  });
  return out(backend, [...attrs.filterShape], dw);
}

/** Registers {@linkcode conv2dBackpropFilter} as `Conv2DBackpropFilter` of the native backend. */
export const conv2dBackpropFilterConfig: tf.KernelConfig = nativeKernelConfig(
  tf.Conv2DBackpropFilter,
  conv2dBackpropFilter,
);
