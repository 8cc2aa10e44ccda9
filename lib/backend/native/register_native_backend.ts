import * as tf from "@tensorflow/tfjs";
import { type CpuBackend, NATIVE_BACKEND_NAME, setNativeContext } from "./_backend_util.ts";
import { patchBatchNormalizationLayer } from "./_batch_norm_layer_patch.ts";
import { Float32Pool } from "./_buffer_pool.ts";
import { loadOpenBlas, type OpenBlas } from "./_openblas.ts";
import { registerAllKernels } from "./register_all_kernels.ts";

/** Options of {@linkcode registerNativeBackend}. */
export interface RegisterNativeBackendOptions {
  /** OpenBLAS threads. @default {navigator.hardwareConcurrency} */
  threads?: number;
}

/** What {@linkcode registerNativeBackend} set up. */
export interface NativeBackendInfo {
  /** The tfjs backend name to pass to `tf.setBackend`. */
  name: string;
  /** The OpenBLAS library file that was opened. */
  libraryPath: string;
  /** OpenBLAS's own description (version, CPU target, threading). */
  blasConfig: string;
  /** OpenBLAS threads in use. */
  threads: number;
  /** Kernels implemented by serlab (the others are tfjs's CPU kernels). */
  kernels: string[];
}

/** Result of {@linkcode registerNativeBackend}: the backend, or why it is unavailable. */
export type RegisterNativeBackendResult =
  | { ok: true; info: NativeBackendInfo }
  | { ok: false; reason: string };

/**
 * Registers the `serlab-native` tfjs backend: tfjs's CPU backend with
 * convolutions and their gradients as OpenBLAS SGEMM through Deno's FFI,
 * fused batch norm, ReLU and max-pool kernels, and reuse of large buffers.
 * Does not make it the active backend.
 *
 * @param options Thread count.
 * @returns The backend's description, or the reason OpenBLAS could not be opened.
 *
 * @example Register and use
 * ```ts ignore
 * import * as tf from "@tensorflow/tfjs";
 * import { registerNativeBackend } from "./register_native_backend.ts";
 *
 * const result = registerNativeBackend({ threads: 2 });
 * if (result.ok) await tf.setBackend(result.info.name);
 * ```
 */
export function registerNativeBackend(
  options: RegisterNativeBackendOptions = {},
): RegisterNativeBackendResult {
  const { threads = navigator.hardwareConcurrency || 1 } = options;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(
      `Cannot register the native backend as threads must be an integer >= 1: current value is ${threads}`,
    );
  }
  const load = loadOpenBlas();
  if (!load.ok) return { ok: false, reason: load.reason };
  const { blas } = load;
  blas.setThreads(threads);
  const kernels = registerAllKernels();
  patchBatchNormalizationLayer();
  if (!tf.findBackendFactory(NATIVE_BACKEND_NAME)) {
    tf.registerBackend(NATIVE_BACKEND_NAME, () => createNativeBackend(blas), 1);
  }
  return {
    ok: true,
    info: {
      name: NATIVE_BACKEND_NAME,
      libraryPath: blas.path,
      blasConfig: blas.config,
      threads: blas.getThreads(),
      kernels,
    },
  };
}

type Method<T extends keyof CpuBackend> = CpuBackend[T] extends (...a: infer A) => infer R
  ? (...a: A) => R
  : never;

/** A `MathBackendCPU` whose large float32 outputs come from, and return to, a pool. */
function createNativeBackend(blas: OpenBlas): tf.KernelBackend {
  const cpuFactory = tf.findBackendFactory("cpu");
  if (!cpuFactory) throw new TypeError("Cannot create the native backend as tfjs has no cpu backend");
  const backend = cpuFactory() as CpuBackend & { firstUse?: boolean };
  // The CPU backend's first write suggests tfjs-node, which serlab replaces.
  backend.firstUse = false;
  const pool = new Float32Pool();
  setNativeContext(backend, { blas, pool });
  const write = backend.write.bind(backend) as Method<"write">;
  const move = backend.move.bind(backend) as Method<"move">;
  const disposeData = backend.disposeData.bind(backend) as Method<"disposeData">;
  const readSync = backend.readSync.bind(backend) as Method<"readSync">;
  const dispose = backend.dispose.bind(backend) as Method<"dispose">;
  backend.write = (values, shape, dtype) => {
    const dataId = write(values, shape, dtype);
    pool.retain(values);
    return dataId;
  };
  backend.move = (dataId, values, shape, dtype, refCount) => {
    move(dataId, values, shape, dtype, refCount);
    pool.retain(values);
  };
  backend.disposeData = (dataId, force) => {
    const values = backend.data.has(dataId) ? backend.data.get(dataId).values : undefined;
    const released = disposeData(dataId, force);
    if (values !== undefined && !backend.data.has(dataId)) pool.release(values);
    return released;
  };
  backend.readSync = (dataId) => {
    if (backend.data.has(dataId)) pool.expose(backend.data.get(dataId).values);
    return readSync(dataId);
  };
  backend.dispose = () => {
    pool.clear();
    dispose();
  };
  return backend;
}
