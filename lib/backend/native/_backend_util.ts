/**
 * What serlab's native kernels share: the shape of tfjs's CPU backend they
 * run on, its buffer pool and OpenBLAS handle, and small tensor helpers.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { OpenBlas } from "./_openblas.ts";
import type { Float32Pool } from "./_buffer_pool.ts";
import type { ThreadTeam } from "./_threads.ts";
import type { ConvRowWork } from "./kernels/_conv2d_impl.ts";

/** Name under which the native backend is registered with tfjs. */
export const NATIVE_BACKEND_NAME = "serlab-native";

/** One tensor data entry of tfjs's CPU backend. */
export interface CpuTensorData {
  values: tf.BackendValues;
  dtype: tf.DataType;
  refCount: number;
}

/** The parts of tfjs's `MathBackendCPU` the native kernels use. */
export interface CpuBackend extends tf.KernelBackend {
  data: {
    get(dataId: tf.DataId): CpuTensorData;
    has(dataId: tf.DataId): boolean;
  };
  makeTensorInfo(
    shape: number[],
    dtype: tf.DataType,
    values?: tf.BackendValues,
  ): tf.TensorInfo;
  disposeIntermediateTensorInfo(info: tf.TensorInfo): void;
}

/** What tfjs passes to a kernel function. */
export type KernelArgs = Parameters<tf.KernelFunc>[0];

/** A kernel's named inputs, as the kernel requires them. */
export type Inputs<Required extends string, Optional extends string = never> =
  & Record<Required, tf.TensorInfo>
  & Partial<Record<Optional, tf.TensorInfo | null>>;

/** Per-backend state of the native path. */
export interface NativeContext {
  blas: OpenBlas;
  /** Matrix products, split across `team` (see `_team_gemm.ts`). */
  gemm: Pick<OpenBlas, "sgemm">;
  pool: Float32Pool;
  /** Threads for the JavaScript work, or null for this one alone. */
  team: ThreadTeam | null;
  /** The row copies of convolutions, on `team`. */
  rows: ConvRowWork;
}

const contexts = new WeakMap<object, NativeContext>();

/** Attaches `context` to a backend instance. */
export function setNativeContext(backend: object, context: NativeContext): void {
  contexts.set(backend, context);
}

/** The native state of `backend`; throws if it is not the native backend. */
export function nativeContext(backend: object): NativeContext {
  const context = contexts.get(backend);
  if (!context) {
    throw new TypeError(
      `Cannot run a native kernel as the backend is not ${NATIVE_BACKEND_NAME}: ` +
        `current backend is ${tf.getBackend()}`,
    );
  }
  return context;
}

/** The float32 values of a tensor on the CPU backend (no copy). */
export function f32(backend: CpuBackend, info: tf.TensorInfo): Float32Array {
  return backend.data.get(info.dataId).values as Float32Array;
}

/** Wraps pooled float32 values as a tensor of `shape`. */
export function out(backend: CpuBackend, shape: number[], values: Float32Array): tf.TensorInfo {
  return backend.makeTensorInfo(shape, "float32", values);
}

/** True when every input is float32 (else the stock CPU kernel runs). */
export function allFloat32(...infos: (tf.TensorInfo | undefined | null)[]): boolean {
  return infos.every((t) => t == null || t.dtype === "float32");
}

/** Runs the stock CPU kernel `kernelName` on the native backend, to delegate the cases serlab does not speed up. */
export function runCpuKernel(kernelName: string, args: KernelArgs): tf.TensorInfo {
  const config = tf.getKernel(kernelName, "cpu");
  if (!config) {
    throw new TypeError(`Cannot delegate to the cpu backend as it has no kernel ${kernelName}`);
  }
  return config.kernelFunc(args) as tf.TensorInfo;
}

/** Registers `kernelFunc` as `kernelName` of the native backend. */
export function nativeKernelConfig(kernelName: string, kernelFunc: tf.KernelFunc): tf.KernelConfig {
  return { kernelName, backendName: NATIVE_BACKEND_NAME, kernelFunc };
}

/** Product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
