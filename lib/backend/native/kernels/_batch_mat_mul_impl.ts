/**
 * Batched float32 matrix products as tfjs's `BatchMatMul` defines them
 * (row-major, optional transposes, batch dimensions broadcast), one SGEMM
 * per matrix of the batch.
 *
 * Why: tfjs's CPU kernel is a blocked JavaScript triple loop; a dense
 * layer of 16384 inputs and 256 units at batch 32 (the seed CNN's flatten
 * head) took ~200 ms per product in it, against a few ms in OpenBLAS.
 *
 * @module
 */
import type { OpenBlas } from "../_openblas.ts";

/** The shapes of one `BatchMatMul`. */
export interface MatMulGeometry {
  /** Matrices in the output. */
  batch: number;
  /** Matrices in a (1: broadcast over the output's batch). */
  batchA: number;
  /** Matrices in b (1: broadcast over the output's batch). */
  batchB: number;
  /** Rows of op(a) and of the output. */
  m: number;
  /** Columns of op(b) and of the output. */
  n: number;
  /** Columns of op(a), rows of op(b). */
  k: number;
  /** a is stored [k, m] (op(a) = aᵀ). */
  transposeA: boolean;
  /** b is stored [n, k] (op(b) = bᵀ). */
  transposeB: boolean;
  /** The output's shape: the broadcast batch dimensions, then [m, n]. */
  outShape: number[];
}

function product(dims: readonly number[]): number {
  let p = 1;
  for (const d of dims) p *= d;
  return p;
}

/**
 * The geometry of `BatchMatMul(a, b)`, or null when tfjs's CPU kernel
 * should handle it: a rank below 2, inner dimensions that differ, batch
 * dimensions that do not broadcast, or a broadcast where neither operand's
 * batch is 1 or the output's (tfjs's kernel then indexes modulo each
 * operand's batch, which only the stock kernel should reproduce).
 *
 * @param aShape Shape of a, rank ≥ 2.
 * @param bShape Shape of b, rank ≥ 2.
 * @param transposeA Whether op(a) = aᵀ (of its last two axes).
 * @param transposeB Whether op(b) = bᵀ (of its last two axes).
 * @returns The geometry, or null.
 *
 * @example A batch of 3 products against one shared matrix
 * ```ts
 * import { matMulGeometryOf } from "./_batch_mat_mul_impl.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const g = matMulGeometryOf([3, 4, 5], [5, 2], false, false)!;
 * assertEquals([g.batch, g.batchA, g.batchB, g.m, g.n, g.k], [3, 3, 1, 4, 2, 5]);
 * assertEquals(g.outShape, [3, 4, 2]);
 * ```
 */
export function matMulGeometryOf(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): MatMulGeometry | null {
  const ra = aShape.length, rb = bShape.length;
  if (ra < 2 || rb < 2) return null;
  const k = transposeA ? aShape[ra - 2] : aShape[ra - 1];
  const kb = transposeB ? bShape[rb - 1] : bShape[rb - 2];
  if (k !== kb) return null;
  const m = transposeA ? aShape[ra - 1] : aShape[ra - 2];
  const n = transposeB ? bShape[rb - 2] : bShape[rb - 1];
  const outerA = aShape.slice(0, -2), outerB = bShape.slice(0, -2);
  const rank = Math.max(outerA.length, outerB.length);
  const outer: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = outerA[outerA.length - rank + i] ?? 1;
    const db = outerB[outerB.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    outer.push(da === 1 ? db : da);
  }
  const batch = product(outer), batchA = product(outerA), batchB = product(outerB);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;
  return { batch, batchA, batchB, m, n, k, transposeA, transposeB, outShape: [...outer, m, n] };
}

/**
 * out = op(a)·op(b) for every matrix of the batch (a broadcast operand
 * reused for each). Writes every element of `out`.
 *
 * @param a `batchA` row-major matrices, [m, k] each ([k, m] when transposed).
 * @param b `batchB` row-major matrices, [k, n] each ([n, k] when transposed).
 * @param g Geometry from {@linkcode matMulGeometryOf}.
 * @param gemm SGEMM provider.
 * @param out `batch·m·n` floats.
 *
 * @example A 2×2 product, with an SGEMM in JavaScript
 * ```ts
 * import { batchMatMulImpl, matMulGeometryOf, referenceGemm } from "./_batch_mat_mul_impl.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const out = new Float32Array(4);
 * const g = matMulGeometryOf([2, 2], [2, 2], false, true)!;
 * batchMatMulImpl(Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 0, 1, 1), g, referenceGemm, out);
 * assertEquals(Array.from(out), [1, 3, 3, 7]);
 * ```
 */
export function batchMatMulImpl(
  a: Float32Array,
  b: Float32Array,
  g: MatMulGeometry,
  gemm: Pick<OpenBlas, "sgemm">,
  out: Float32Array,
): void {
  const { batch, batchA, batchB, m, n, k, transposeA: tA, transposeB: tB } = g;
  if (batch * m * n === 0) return;
  if (k === 0) {
    out.fill(0, 0, batch * m * n);
    return;
  }
  const lda = tA ? m : k, ldb = tB ? k : n;
  if (batch > 1 && batchB === 1 && batchA === batch && !tA) {
    // One b for every matrix of a: the batch is one product of batch·m rows.
    gemm.sgemm(false, tB, batch * m, n, k, 1, a, lda, b, ldb, 0, out, n);
    return;
  }
  for (let i = 0; i < batch; i++) {
    const ai = batchA === 1 ? 0 : i, bi = batchB === 1 ? 0 : i;
    gemm.sgemm(
      tA,
      tB,
      m,
      n,
      k,
      1,
      a.subarray(ai * m * k),
      lda,
      b.subarray(bi * k * n),
      ldb,
      0,
      out.subarray(i * m * n),
      n,
    );
  }
}

/**
 * A plain JavaScript SGEMM with `OpenBlas.sgemm`'s arguments (row-major), in
 * float64 sums: the reference of tests and examples that run without OpenBLAS.
 */
export const referenceGemm: Pick<OpenBlas, "sgemm"> = {
  sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) {
          sum += (transA ? a[p * lda + i] : a[i * lda + p]) *
            (transB ? b[j * ldb + p] : b[p * ldb + j]);
        }
        const at = i * ldc + j;
        c[at] = alpha * sum + (beta === 0 ? 0 : beta * c[at]);
      }
    }
  },
};
