/**
 * Starts tfjs's wasm backend in Deno and makes it able to train.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { quietCpuBackend } from "../_shared/_cpu_notice.ts";
import { registerWasmTrainingKernels } from "./register_all_kernels.ts";

/** Options of {@linkcode setupWasmBackend}. */
export interface SetupWasmBackendOptions {
  /**
   * Threads for XNNPACK. Deno can only run the single-threaded builds (see
   * {@linkcode setupWasmBackend}), so a value above 1 warns and runs on 1.
   * @default {1}
   */
  threads?: number;
}

let warnedAboutThreads = false;

/**
 * Makes tfjs's wasm backend the active backend, loading the SIMD build when
 * the runtime validates WebAssembly SIMD (Deno does), and registers the
 * kernels training needs ({@linkcode registerWasmTrainingKernels}).
 *
 * The `.wasm` binaries are read from the npm package's `dist/` folder, found
 * with `import.meta.resolve`; a missing binary is reported with the folder
 * searched. The threaded-SIMD build does not start in Deno: its pthread
 * workers are created from Blob URLs, which `node:worker_threads` refuses
 * (`ERR_WORKER_PATH`), and tfjs itself disables threads where `process`
 * exists. So training on wasm uses one core.
 *
 * @param options Thread count.
 * @returns Resolves once the backend is ready.
 *
 * @example Train-ready wasm backend
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { setupWasmBackend } from "./setup_wasm_backend.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await setupWasmBackend();
 * assertEquals(tf.getBackend(), "wasm");
 * assertEquals(tf.getKernel("Conv2DBackpropFilter", "wasm")?.kernelName, "Conv2DBackpropFilter");
 * ```
 */
export async function setupWasmBackend(options: SetupWasmBackendOptions = {}): Promise<void> {
  const { threads = 1 } = options;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(
      `Cannot set up wasm backend as threads must be an integer >= 1: current value is ${threads}`,
    );
  }
  if (threads > 1 && !warnedAboutThreads) {
    warnedAboutThreads = true;
    console.warn(
      `wasm backend: running on 1 thread instead of ${threads}, as the threaded-SIMD build ` +
        "cannot start its workers in Deno; use the native backend to train on several cores",
    );
  }
  if (tf.findBackend("wasm") === null) {
    const dir = await wasmBinaryDir();
    // A folder path (not a URL): the package's Node build reads it with fs.
    setWasmPaths(dir + "/");
  }
  const ok = await tf.setBackend("wasm");
  if (!ok) {
    throw new Error(
      "Cannot set up wasm backend as tf.setBackend('wasm') failed: see the log above",
    );
  }
  await tf.ready();
  registerWasmTrainingKernels();
  quietCpuBackend();
}

async function wasmBinaryDir(): Promise<string> {
  const entry = import.meta.resolve("@tensorflow/tfjs-backend-wasm");
  if (!entry.startsWith("file:")) {
    throw new Error(
      `Cannot set up wasm backend as its package must resolve to a local file: current value is ${entry}`,
    );
  }
  const dir = dirname(fileURLToPath(entry));
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  const binary = simd ? "tfjs-backend-wasm-simd.wasm" : "tfjs-backend-wasm.wasm";
  try {
    await Deno.stat(join(dir, binary));
  } catch {
    throw new Error(`Cannot set up wasm backend as ${binary} is missing: looked in ${dir}`);
  }
  return dir;
}
