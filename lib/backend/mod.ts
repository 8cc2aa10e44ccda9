/**
 * Where tfjs computes: {@linkcode initBackend} picks the fastest available
 * path, prints it, and returns it for the run's config.
 *
 * - **native**: tfjs's CPU backend with serlab's kernels, convolutions as
 *   im2col + SGEMM in the system OpenBLAS through Deno's FFI
 *   (`apt-get install libopenblas0-pthread`), on every core.
 * - **wasm**: tfjs's wasm backend with the training kernels it lacks; runs
 *   wherever Deno runs, on one core.
 * - **cpu**: tfjs's pure-JS backend, only on request.
 *
 * @example Pick and report the path
 * ```ts ignore
 * import { initBackend } from "./mod.ts";
 *
 * const backend = await initBackend();
 * // serlab backend: native (OpenBLAS 0.3.21 ... Cooperlake MAX_THREADS=64 (libopenblas.so.0), 2 threads)
 * const runConfig = { backend };
 * ```
 *
 * @module
 */
export * from "./init_backend.ts";
export * from "./native/mod.ts";
