/**
 * Deno FFI binding to a system OpenBLAS (Debian's `libopenblas0-pthread`).
 * Only the few symbols serlab needs: `cblas_sgemm` and the thread controls.
 *
 * @module
 */

/** Row-major storage, as tfjs keeps its tensors. */
const CBLAS_ROW_MAJOR = 101;
const CBLAS_NO_TRANS = 111;
const CBLAS_TRANS = 112;

const SYMBOLS = {
  cblas_sgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f32",
      "buffer",
      "i32",
    ],
    result: "void",
  },
  openblas_set_num_threads: { parameters: ["i32"], result: "void" },
  openblas_get_num_threads: { parameters: [], result: "i32" },
  openblas_get_config: { parameters: [], result: "pointer" },
} as const;

/** Where Debian and other distributions put OpenBLAS; `SERLAB_OPENBLAS` is tried first. */
export const OPENBLAS_CANDIDATES: readonly string[] = [
  "libopenblas.so.0",
  "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
  "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
  "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
  "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
  "libopenblas.so",
  "libopenblas.dylib",
  "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
  "/usr/local/opt/openblas/lib/libopenblas.dylib",
];

/** A loaded OpenBLAS. */
export interface OpenBlas {
  /** The path `Deno.dlopen` accepted. */
  readonly path: string;
  /** `openblas_get_config()`, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ... Cooperlake MAX_THREADS=64". */
  readonly config: string;
  /**
   * C ← alpha·op(A)·op(B) + beta·C, row-major, op(X) = Xᵀ when the flag is set.
   * A is m×k after op, B is k×n after op, C is m×n; lda/ldb/ldc are row strides.
   */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    lda: number,
    b: Float32Array,
    ldb: number,
    beta: number,
    c: Float32Array,
    ldc: number,
  ): void;
  /** Sets the number of BLAS threads. */
  setThreads(n: number): void;
  /** The number of BLAS threads in use. */
  getThreads(): number;
}

/** Result of {@linkcode loadOpenBlas}: the library, or why none was loaded. */
export type OpenBlasLoad = { ok: true; blas: OpenBlas } | { ok: false; reason: string };

let cached: OpenBlasLoad | undefined;

/**
 * Opens OpenBLAS once per process. Tries `SERLAB_OPENBLAS`, then
 * {@linkcode OPENBLAS_CANDIDATES}.
 *
 * @returns The library, or the reason it could not be opened.
 */
export function loadOpenBlas(): OpenBlasLoad {
  if (cached) return cached;
  const errors: string[] = [];
  let env: string | undefined;
  try {
    env = Deno.env.get("SERLAB_OPENBLAS");
  } catch {
    env = undefined;
  }
  const candidates = env ? [env] : [...OPENBLAS_CANDIDATES];
  preferSleepingThreads();
  for (const path of candidates) {
    try {
      const lib = Deno.dlopen(path, SYMBOLS);
      cached = { ok: true, blas: wrap(path, lib) };
      return cached;
    } catch (error) {
      errors.push(error instanceof Error ? error.message.split("\n")[0] : String(error));
    }
  }
  const why = errors.find((e) => e.includes("Requires ffi access")) ??
    (env ? `${env}: ${errors[0]}` : "libopenblas.so.0 not found");
  cached = { ok: false, reason: why };
  return cached;
}

/**
 * OpenBLAS's idle threads spin (calling sched_yield) for 2²⁸ cycles after
 * each product before they sleep. Between products serlab's own threads
 * run im2col, batch norm and the rest on the same cores, so the spinning
 * threads take their time: measured on a 2-core seed-CNN step, 950–1150 ms
 * and 1.7–1.9 s of CPU with the default against 730–800 ms and 1.35 s with
 * the shortest timeout. The native backend now runs OpenBLAS single-threaded
 * (it splits products across its own threads), so this matters only where
 * OpenBLAS gets more threads. The setting is read when the library loads; a
 * value the user set is kept.
 */
function preferSleepingThreads(): void {
  try {
    if (Deno.env.get("OPENBLAS_THREAD_TIMEOUT") === undefined) {
      Deno.env.set("OPENBLAS_THREAD_TIMEOUT", "4");
    }
  } catch {
    // No env permission: OpenBLAS keeps its default.
  }
}

function wrap(path: string, lib: Deno.DynamicLibrary<typeof SYMBOLS>): OpenBlas {
  const s = lib.symbols;
  const configPtr = s.openblas_get_config();
  const config = configPtr ? new Deno.UnsafePointerView(configPtr).getCString() : "OpenBLAS";
  return {
    path,
    config,
    sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      if (m === 0 || n === 0) return;
      s.cblas_sgemm(
        CBLAS_ROW_MAJOR,
        transA ? CBLAS_TRANS : CBLAS_NO_TRANS,
        transB ? CBLAS_TRANS : CBLAS_NO_TRANS,
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        c,
        ldc,
      );
    },
    setThreads(n) {
      s.openblas_set_num_threads(n);
    },
    getThreads() {
      return s.openblas_get_num_threads();
    },
  };
}
