import * as tf from "@tensorflow/tfjs";
import { type CpuBackend, f32, type KernelArgs, nativeContext, NATIVE_BACKEND_NAME, out, runCpuKernel } from "../_backend_util.ts";
import { maxPoolImpl, type PoolGeometry } from "./_max_pool_impl.ts";

/** Pooling geometry of a tfjs `MaxPool`/`MaxPoolGrad` call (NHWC, dilation 1). */
export function poolGeometry(
  xShape: number[],
  attrs: tf.MaxPoolAttrs | tf.MaxPoolGradAttrs,
): PoolGeometry {
  const info = tf.backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  return {
    batchSize: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    channels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * `MaxPool` on the native backend (NHWC, any window, stride and padding).
 *
 * @param args Kernel inputs `{x}`, the backend and `MaxPoolAttrs`.
 * @returns The pooled tensor.
 */
export function maxPool(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs;
  if (x.dtype !== "float32" || x.shape.length !== 4) return runCpuKernel(tf.MaxPool, args);
  const backend = args.backend as CpuBackend;
  const g = poolGeometry(x.shape, args.attrs as unknown as tf.MaxPoolAttrs);
  const y = nativeContext(backend).pool.alloc(g.batchSize * g.outHeight * g.outWidth * g.channels);
  maxPoolImpl(f32(backend, x), g, y);
  return out(backend, [g.batchSize, g.outHeight, g.outWidth, g.channels], y);
}

/** Registers {@linkcode maxPool} as `MaxPool` of the native backend. */
export const maxPoolConfig: tf.KernelConfig = {
  kernelName: tf.MaxPool,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: maxPool,
};
