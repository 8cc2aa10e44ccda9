import * as tf from "@tensorflow/tfjs";
import { quietCpuBackend } from "./_shared/_cpu_notice.ts";
import { registerNativeBackend } from "./native/register_native_backend.ts";
import { setupWasmBackend } from "./wasm/mod.ts";

/** The computation paths serlab can train on, fastest first. */
export type BackendPath = "native" | "wasm" | "cpu";

/** Options of {@linkcode initBackend}. */
export interface InitBackendOptions {
  /**
   * Which path to use. `"auto"` takes native (OpenBLAS through FFI) when the
   * library loads, else wasm; `"cpu"` (tfjs's pure-JS backend) is only used
   * when asked for. The `SERLAB_BACKEND` environment variable, when set,
   * gives the default.
   * @default {"auto"}
   */
  path?: "auto" | BackendPath;
  /**
   * Threads: serlab's threads on the native path, each running OpenBLAS on
   * its share (the wasm path runs on one in Deno). The `SERLAB_THREADS` environment variable, when set, gives the
   * default.
   * @default {navigator.hardwareConcurrency}
   */
  threads?: number;
  /** Receives the one start-up line; `null` keeps quiet. @default {console.log} */
  log?: ((line: string) => void) | null;
}

/** What {@linkcode initBackend} chose, for logs and a run's config (JSON-safe). */
export interface BackendInfo {
  /** The path in use. */
  path: BackendPath;
  /** The active tfjs backend name (`tf.getBackend()`). */
  backend: string;
  /** Threads the path computes on. */
  threads: number;
  /** The library underneath, e.g. "OpenBLAS 0.3.21 ... Cooperlake MAX_THREADS=64 (libopenblas.so.0)". */
  library: string;
  /** Why a faster path was not taken, when one was skipped. */
  fallbackReason?: string;
  /** The start-up line as printed. */
  line: string;
}

function envValue(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes the fastest available path tfjs's active backend, prints one line
 * saying which, and returns the same facts for a run's config.
 *
 * On the native path, tfjs's CPU backend runs serlab's kernels: convolution
 * and its two gradients as im2col + OpenBLAS SGEMM through Deno's FFI,
 * fused batch norm, ReLU, max-pool and element-wise kernels. Where OpenBLAS
 * is missing (`apt-get install libopenblas0-pthread`), the wasm path runs
 * instead, and the line says why.
 *
 * @param options Path, threads and where the line goes.
 * @returns The chosen path and its description.
 * @throws {Error} When an explicitly requested path cannot start.
 *
 * @example The native path when OpenBLAS is installed
 * ```ts ignore
 * import { initBackend } from "./init_backend.ts";
 *
 * const info = await initBackend();
 * // serlab backend: native (OpenBLAS 0.3.21 ... Cooperlake MAX_THREADS=64, 2 threads)
 * console.log(info.path); // "native"
 * ```
 *
 * @example The pure-JS path, quietly
 * ```ts
 * import { initBackend } from "./init_backend.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const info = await initBackend({ path: "cpu", log: null });
 * assertEquals([info.path, info.backend], ["cpu", "cpu"]);
 * ```
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const envThreads = envValue("SERLAB_THREADS");
  const {
    path = (envValue("SERLAB_BACKEND") as InitBackendOptions["path"]) ?? "auto",
    threads = envThreads ? Number(envThreads) : (navigator.hardwareConcurrency || 1),
    log = console.log,
  } = options;
  if (!["auto", "native", "wasm", "cpu"].includes(path)) {
    throw new RangeError(
      `Cannot initialise the backend as path must be auto, native, wasm or cpu: current value is ${path}`,
    );
  }
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(
      `Cannot initialise the backend as threads must be an integer >= 1: current value is ${threads}`,
    );
  }
  quietCpuBackend();
  let info: Omit<BackendInfo, "line">;
  if (path === "cpu") {
    await activate("cpu");
    info = {
      path: "cpu",
      backend: "cpu",
      threads: 1,
      library: `tfjs-backend-cpu ${tf.version_core}`,
    };
  } else {
    let fallbackReason: string | undefined;
    if (path === "auto" || path === "native") {
      const native = registerNativeBackend({ threads });
      if (native.ok) {
        await activate(native.info.name);
        info = {
          path: "native",
          backend: native.info.name,
          threads: native.info.threads,
          library: `${native.info.blasConfig} (${native.info.libraryPath})` +
            (native.info.simd ? ", SIMD heap" : ", no SIMD heap"),
        };
        return finish(info, log);
      }
      fallbackReason =
        `native unavailable: ${native.reason} (apt-get install libopenblas0-pthread)`;
      if (path === "native") {
        throw new Error(
          `Cannot initialise the native backend as OpenBLAS did not load: ${native.reason}`,
        );
      }
    }
    // tfjs-backend-wasm's threaded build does not start in Deno: one thread.
    await setupWasmBackend({ threads: 1 });
    info = {
      path: "wasm",
      backend: tf.getBackend(),
      threads: 1,
      library: `tfjs-backend-wasm ${tf.version_core}`,
      ...(fallbackReason ? { fallbackReason } : {}),
    };
  }
  return finish(info, log);
}

async function activate(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) {
    throw new Error(`Cannot initialise the backend as tf.setBackend("${name}") failed`);
  }
  await tf.ready();
}

function finish(
  info: Omit<BackendInfo, "line">,
  log: ((line: string) => void) | null,
): BackendInfo {
  const threads = `${info.threads} thread${info.threads === 1 ? "" : "s"}`;
  const line = `serlab backend: ${info.path} (${info.library}, ${threads})` +
    (info.fallbackReason ? `; ${info.fallbackReason}` : "");
  log?.(line);
  return { ...info, line };
}
