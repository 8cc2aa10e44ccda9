/**
 * SGEMM split across the native backend's threads, each calling OpenBLAS
 * single-threaded on its part: rows of C for A·B and A·Bᵀ, the shared
 * dimension for Aᵀ·B (the parts' products summed here).
 *
 * Why: OpenBLAS's own threads scale poorly on convolution shapes. Measured
 * on this project's 2-core VM: the filter gradient Aᵀ·B of 288×32768 by
 * 32768×64 took 16.7 ms on 2 OpenBLAS threads and 16.1 ms on 1; the forward
 * 133120×144 · 144×32 ran 1.24× faster on 2 threads. Split by hand, both
 * halves run at full single-thread speed.
 *
 * @module
 */
import { nativeHeap } from "./_heap.ts";
import { loadOpenBlas, type OpenBlas } from "./_openblas.ts";
import { shared, splitRange, type ThreadTeam } from "./_threads.ts";

/** Below this many multiply-adds a product runs whole on the calling thread. */
const MIN_SPLIT_MACS = 1 << 22;
/** Rows or shared-dimension steps per part, at least. */
const MIN_PART_ROWS = 64;

/** One part of a split SGEMM (the arguments of `OpenBlas.sgemm`). */
export interface GemmPart {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  a: Float32Array;
  lda: number;
  b: Float32Array;
  ldb: number;
  beta: number;
  c: Float32Array;
  ldc: number;
}

/** Runs one part with this thread's OpenBLAS (workers open their own handle). */
export function runGemmPart(p: GemmPart): void {
  const load = loadOpenBlas();
  if (!load.ok) throw new Error(`Cannot run SGEMM as OpenBLAS is missing: ${load.reason}`);
  load.blas.sgemm(
    p.transA,
    p.transB,
    p.m,
    p.n,
    p.k,
    p.alpha,
    p.a,
    p.lda,
    p.b,
    p.ldb,
    p.beta,
    p.c,
    p.ldc,
  );
}

/**
 * An `sgemm` that splits large products across `team` (OpenBLAS itself
 * should then run single-threaded), or calls `blas` directly.
 *
 * @param team Threads, or null for this one.
 * @param blas This thread's OpenBLAS.
 * @returns The product, with `OpenBlas.sgemm`'s arguments.
 *
 * @example A 2×2 product (small: it runs whole on this thread)
 * ```ts
 * import { teamGemm } from "./_team_gemm.ts";
 * import { loadOpenBlas } from "./_openblas.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const load = loadOpenBlas();
 * if (load.ok) {
 *   const c = new Float32Array(4);
 *   const a = new Float32Array([1, 2, 3, 4]), b = new Float32Array([1, 0, 0, 1]);
 *   teamGemm(null, load.blas).sgemm(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2);
 *   assertEquals(Array.from(c), [1, 2, 3, 4]);
 * }
 * ```
 */
export function teamGemm(team: ThreadTeam | null, blas: OpenBlas): Pick<OpenBlas, "sgemm"> {
  return {
    sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      const whole = () => blas.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
      if (!team || team.lanes === 1 || m * n * k < MIN_SPLIT_MACS || !shared(a)) return whole();
      if (!transA) {
        // Rows of A and C: the parts write disjoint rows of C.
        if (!shared(c) || m < 2 * MIN_PART_ROWS) return whole();
        team.run(
          "gemm",
          splitRange(m, team.lanes, MIN_PART_ROWS).map(([r0, r1]) => ({
            transA,
            transB,
            m: r1 - r0,
            n,
            k,
            alpha,
            a: a.subarray(r0 * lda),
            lda,
            b,
            ldb,
            beta,
            c: c.subarray(r0 * ldc),
            ldc,
          })),
        );
        return;
      }
      // Aᵀ·B: split the shared dimension k (rows of both A and B), sum the parts.
      const heap = nativeHeap();
      if (transB || !heap || !shared(b) || k < 2 * MIN_PART_ROWS) return whole();
      const ranges = splitRange(k, team.lanes, MIN_PART_ROWS);
      const partials = heap.f32(ranges.length * m * n);
      if (!partials) return whole();
      try {
        team.run(
          "gemm",
          ranges.map(([k0, k1], i) => ({
            transA,
            transB,
            m,
            n,
            k: k1 - k0,
            alpha,
            a: a.subarray(k0 * lda),
            lda,
            b: b.subarray(k0 * ldb),
            ldb,
            beta: 0,
            c: partials.subarray(i * m * n, (i + 1) * m * n),
            ldc: n,
          })),
        );
        for (let r = 0; r < m; r++) {
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let i = 0; i < ranges.length; i++) sum += partials[i * m * n + r * n + j];
            const at = r * ldc + j;
            c[at] = beta === 0 ? sum : beta * c[at] + sum;
          }
        }
      } finally {
        heap.release(partials);
      }
    },
  };
}
