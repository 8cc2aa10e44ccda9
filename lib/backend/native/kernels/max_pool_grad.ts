import * as tf from "@tensorflow/tfjs";
import { type CpuBackend, f32, type KernelArgs, nativeContext, NATIVE_BACKEND_NAME, out, runCpuKernel } from "../_backend_util.ts";
import { maxPoolGradImpl } from "./_max_pool_impl.ts";
import { poolGeometry } from "./max_pool.ts";

/**
 * `MaxPoolGrad` on the native backend: one pass that finds each window's
 * first maximum and routes dy there (tfjs's CPU kernel scans every input
 * element's windows through `TensorBuffer.get`).
 *
 * @param args Kernel inputs `{dy, input, output}`, the backend and `MaxPoolGradAttrs`.
 * @returns dx, shaped like `input`.
 */
export function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const { dy, input } = args.inputs;
  if (input.dtype !== "float32" || input.shape.length !== 4) return runCpuKernel(tf.MaxPoolGrad, args);
  const backend = args.backend as CpuBackend;
  const g = poolGeometry(input.shape, args.attrs as unknown as tf.MaxPoolGradAttrs);
  const xv = f32(backend, input);
  const dx = nativeContext(backend).pool.alloc(xv.length);
  maxPoolGradImpl(f32(backend, dy), xv, g, dx);
  return out(backend, [...input.shape], dx);
}

/** Registers {@linkcode maxPoolGrad} as `MaxPoolGrad` of the native backend. */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: NATIVE_BACKEND_NAME,
  kernelFunc: maxPoolGrad,
};
