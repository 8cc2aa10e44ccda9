/**
 * A plain-loop SGEMM with OpenBLAS's calling convention, for the native
 * convolution impl tests (the direct convolutions and test geometries are
 * in `../../_shared/_conv_testing.ts`, shared with the wasm backend).
 *
 * @module
 */
import type { OpenBlas } from "../_openblas.ts";

/** Row-major SGEMM in plain loops (float64 accumulation). */
export const LOOP_BLAS: Pick<OpenBlas, "sgemm"> = {
  sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = transA ? a[p * lda + i] : a[i * lda + p];
          const bv = transB ? b[j * ldb + p] : b[p * ldb + j];
          s += av * bv;
        }
        c[i * ldc + j] = alpha * s + (beta === 0 ? 0 : beta * c[i * ldc + j]);
      }
    }
  },
};
