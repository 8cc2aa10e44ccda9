/**
 * SGEMM split across the native backend's threads, each calling OpenBLAS
 * single-threaded on its part: the shared dimension for Aᵀ·B when it is
 * long (the parts' products summed here), else rows of C, or its columns
 * when C has few rows (a dense layer's batch of 32: [32×16384]·[16384×256]
 * and its gradient [32×256]·[256×16384]).
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
export const MIN_SPLIT_MACS = 1 << 22;
/** Rows or shared-dimension steps per part, at least. */
const MIN_PART_ROWS = 64;
/** Columns per part, at least, when a product is split by columns. */
const MIN_PART_COLS = 64;
/** Column split points fall on multiples of this (a 64-byte cache line of C). */
const COLUMN_GRAIN = 16;
/**
 * Parts per thread of the splits that convolutions do not use (columns, and
 * rows of Aᵀ): taken one at a time, as `_parallel.ts` hands out its parts,
 * so that a thread the OS leaves waiting (the CPU shared with another
 * training run) delays the product little.
 */
const PARTS_PER_LANE = 4;

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
      const part = { transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc };
      // Aᵀ·B with a long shared dimension (filter gradients): split k, sum the parts.
      const heap = nativeHeap();
      if (transA && !transB && heap && shared(b) && k >= 2 * MIN_PART_ROWS) {
        const ranges = splitRange(k, team.lanes, MIN_PART_ROWS);
        const partials = heap.f32(ranges.length * m * n);
        if (partials) {
          try {
            splitShared(team, part, ranges, partials);
          } finally {
            heap.release(partials);
          }
          return;
        }
      }
      // Each part reads B (all of it, or its columns): a worker sees a shared
      // B in place, but gets an unshared one copied, whole.
      if (!shared(c) || !postable(b)) return whole();
      if (m >= 2 * MIN_PART_ROWS) {
        // Rows of op(A) and C: the parts write disjoint rows of C (one per
        // thread for convolutions, as measured; several for Aᵀ).
        const parts = team.lanes * (transA ? PARTS_PER_LANE : 1);
        const ranges = splitRange(m, parts, MIN_PART_ROWS);
        team.run(
          "gemm",
          ranges.map(([r0, r1]) => ({
            ...part,
            m: r1 - r0,
            a: a.subarray(transA ? r0 : r0 * lda),
            c: c.subarray(r0 * ldc),
          })),
        );
        return;
      }
      if (n >= 2 * MIN_PART_COLS) {
        // Few rows (a dense layer's batch): columns of op(B) and C, each part
        // writing its own columns of every row of C.
        const ranges = splitRange(n, team.lanes * PARTS_PER_LANE, MIN_PART_COLS, COLUMN_GRAIN);
        team.run(
          "gemm",
          ranges.map(([j0, j1]) => ({
            ...part,
            n: j1 - j0,
            b: b.subarray(transB ? j0 * ldb : j0),
            c: c.subarray(j0),
          })),
        );
        return;
      }
      whole();
    },
  };
}

/** Largest unshared array (bytes of its buffer) worth copying to each worker: a convolution filter, not a dense layer's 16 MB of weights. */
const MAX_COPIED_BYTES = 1 << 22;

/** True when `x` is shared, or small enough that copying it to a worker costs little. */
function postable(x: Float32Array): boolean {
  return shared(x) || x.buffer.byteLength <= MAX_COPIED_BYTES;
}

/** Aᵀ·B over the k ranges `ranges`, each part into its own block of `partials`, then summed into C. */
function splitShared(
  team: ThreadTeam,
  p: GemmPart,
  ranges: [number, number][],
  partials: Float32Array,
): void {
  const { m, n, c, ldc, beta } = p;
  team.run(
    "gemm",
    ranges.map(([k0, k1], i) => ({
      ...p,
      k: k1 - k0,
      a: p.a.subarray(k0 * p.lda),
      b: p.b.subarray(k0 * p.ldb),
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
}
