import { assertLessOrEqual } from "@std/assert";
import { testWith } from "../../../tests/requirements.ts";
import { randomArray, relativeError } from "../_shared/_testing.ts";
import { teamGemm } from "./_team_gemm.ts";
import { ThreadTeam } from "./_threads.ts";
import { needsOpenBlas } from "./_testing.ts";

/** `values` on shared memory, where the team's workers can see them. */
function onHeap(values: Float32Array): Float32Array {
  const view = new Float32Array(new SharedArrayBuffer(4 * values.length));
  view.set(values);
  return view;
}

testWith(
  "teamGemm() splits by rows, by columns (few rows) or by the shared dimension (Aᵀ·B), with OpenBLAS's result",
  needsOpenBlas(),
  (blas) => {
    const team = new ThreadTeam(2);
    const gemm = teamGemm(team, blas);
    try {
      // [transA, transB, m, n, k]: each over the 4M multiply-adds that make it split.
      const cases: [boolean, boolean, number, number, number][] = [
        [false, false, 3001, 33, 144],
        [false, true, 2999, 144, 32],
        [true, false, 144, 32, 3003],
        [true, false, 9, 16, 40001],
        // A dense layer's products at batch 32: too few rows, so split by columns…
        [false, false, 32, 256, 1031],
        [false, true, 32, 2051, 256],
        // …and its weight gradient, a short shared dimension: split by rows of Aᵀ.
        [true, false, 2053, 256, 32],
        [true, true, 1029, 64, 100],
      ];
      for (const [transA, transB, m, n, k] of cases) {
        for (const beta of [0, 0.5]) {
          const ldc = n + 3; // C a block of a wider matrix: the parts must keep its stride
          const a = onHeap(randomArray(m * k, m + k));
          const b = onHeap(randomArray(k * n, n + k));
          const c0 = randomArray(m * ldc, m + n);
          const [lda, ldb] = [transA ? m : k, transB ? k : n];
          const want = c0.slice();
          blas.sgemm(transA, transB, m, n, k, 1.5, a, lda, b, ldb, beta, want, ldc);
          const got = onHeap(c0);
          gemm.sgemm(transA, transB, m, n, k, 1.5, a, lda, b, ldb, beta, got, ldc);
          assertLessOrEqual(
            relativeError(got, want),
            1e-5,
            `${transA ? "T" : "N"}${transB ? "T" : "N"} ${m}×${n}×${k}, beta ${beta}`,
          );
        }
      }
    } finally {
      team.close();
    }
  },
);
