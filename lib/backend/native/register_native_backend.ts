import { dropUnread, isUnread } from "./_lazy_data.ts";
import { nativeHeap } from "./_heap.ts";
import { teamGemm } from "./_team_gemm.ts";
import * as tf from "@tensorflow/tfjs";
import { routeBatchNormLayerToKernel } from "../_shared/_batch_norm_layer_route.ts";
import { markCpuBackendUsed, quietCpuBackend } from "../_shared/_cpu_notice.ts";
import {
  type CpuBackend,
  NATIVE_BACKEND_NAME,
  type NativeContext,
  nativeContext,
  setNativeContext,
} from "./_backend_util.ts";
import { Float32Pool } from "./_buffer_pool.ts";
import { patchDropoutLayer } from "./_dropout_layer_patch.ts";
import { patchAdamOptimizer } from "./_adam_optimizer_patch.ts";
import { loadOpenBlas, type OpenBlas } from "./_openblas.ts";
import { teamRowWork } from "./_conv_row_work.ts";
import { ThreadTeam } from "./_threads.ts";
import { registerAllKernels } from "./register_all_kernels.ts";

/** Options of {@linkcode registerNativeBackend}. */
export interface RegisterNativeBackendOptions {
  /**
   * Threads: OpenBLAS's for the matrix products, and as many lanes (this
   * thread plus Deno workers) for the rest of each kernel; 1 runs
   * everything on the calling thread. Calling again with another value
   * changes it for the running backend.
   * @default {navigator.hardwareConcurrency}
   */
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
  /** Threads in use: serlab's lanes, each calling OpenBLAS single-threaded on its part of a product. */
  threads: number;
  /** Whether the shared SIMD heap is in use (see `_heap.ts`; off with `SERLAB_SIMD=0`). */
  simd: boolean;
  /** Kernels implemented by serlab (the others are tfjs's CPU kernels). */
  kernels: string[];
}

/** Result of {@linkcode registerNativeBackend}: the backend, or why it is unavailable. */
export type RegisterNativeBackendResult =
  | { ok: true; info: NativeBackendInfo }
  | { ok: false; reason: string };

/**
 * Registers the `serlab-native` tfjs backend: tfjs's CPU backend with
 * convolutions, their gradients and matrix products as OpenBLAS SGEMM
 * through Deno's FFI, fused batch norm, ReLU, max-pool and element-wise
 * kernels, `tf.train.adam`'s update in one pass, and reuse of large buffers.
 * Does not make it the active backend.
 *
 * @param options Thread count.
 * @returns The backend's description, or the reason OpenBLAS could not be opened.
 *
 * @example A convolution on the native backend
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { registerNativeBackend } from "./register_native_backend.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const result = registerNativeBackend({ threads: 1 });
 * if (result.ok) {
 *   await tf.setBackend(result.info.name);
 *   const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
 *   const y = tf.conv2d(x, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1, "same");
 *   assertEquals(Array.from(y.dataSync().slice(0, 4)), [4, 6, 6, 4]);
 * } else {
 *   assert(result.reason.length > 0); // e.g. "libopenblas.so.0 not found"
 * }
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
  // serlab splits the products across its own threads (`_team_gemm.ts`).
  blas.setThreads(1);
  currentThreads = threads;
  const kernels = registerAllKernels();
  routeBatchNormLayerToKernel();
  patchDropoutLayer();
  patchAdamOptimizer();
  quietCpuBackend();
  if (!tf.findBackendFactory(NATIVE_BACKEND_NAME)) {
    tf.registerBackend(NATIVE_BACKEND_NAME, () => createNativeBackend(blas, currentThreads), 1);
  }
  // Already running: move it to the new thread count.
  const running = tf.engine().registry[NATIVE_BACKEND_NAME];
  if (running) configureThreads(nativeContext(running), threads);
  return {
    ok: true,
    info: {
      name: NATIVE_BACKEND_NAME,
      libraryPath: blas.path,
      blasConfig: blas.config,
      threads,
      simd: nativeHeap() !== null,
      kernels,
    },
  };
}

let currentThreads = 1;

/** Gives `context` a team of `threads` threads (none for 1). */
function configureThreads(context: NativeContext, threads: number): void {
  if ((context.team?.lanes ?? 1) === threads) return;
  context.team?.close();
  context.team = threads > 1 ? new ThreadTeam(threads) : null;
  context.rows = teamRowWork(context.team);
  context.gemm = teamGemm(context.team, context.blas);
  context.pool.setShared(context.team !== null);
}

type Method<T extends keyof CpuBackend> = CpuBackend[T] extends (...a: infer A) => infer R
  ? (...a: A) => R
  : never;

/** A `MathBackendCPU` whose large float32 outputs come from, and return to, a pool. */
function createNativeBackend(blas: OpenBlas, threads: number): tf.KernelBackend {
  const cpuFactory = tf.findBackendFactory("cpu");
  if (!cpuFactory) {
    throw new TypeError("Cannot create the native backend as tfjs has no cpu backend");
  }
  const backend = cpuFactory() as CpuBackend;
  markCpuBackendUsed(backend);
  const pool = new Float32Pool(2 ** 31);
  const heap = nativeHeap();
  pool.useHeap(heap);
  const context: NativeContext = {
    blas,
    gemm: blas,
    pool,
    team: null,
    rows: teamRowWork(null),
  };
  configureThreads(context, threads);
  setNativeContext(backend, context);
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
    const unread = isUnread(dataId);
    const values = !unread && backend.data.has(dataId)
      ? backend.data.get(dataId).values
      : undefined;
    const released = disposeData(dataId, force);
    if (unread && !backend.data.has(dataId)) dropUnread(dataId);
    if (values !== undefined && !backend.data.has(dataId)) pool.release(values);
    return released;
  };
  backend.readSync = (dataId) => {
    if (backend.data.has(dataId)) {
      const values = backend.data.get(dataId).values;
      // A copy: heap blocks must stay reusable, whatever the reader keeps.
      if (values instanceof Float32Array && heap?.holds(values)) return values.slice();
      pool.expose(values);
    }
    return readSync(dataId);
  };
  backend.dispose = () => {
    context.team?.close();
    pool.clear();
    dispose();
  };
  return backend;
}
