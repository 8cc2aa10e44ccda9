import { assertEquals, assertLessOrEqual } from "@std/assert";
import { testWith } from "../../../../tests/requirements.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { needsOpenBlas } from "../_testing.ts";
import { batchMatMulImpl, matMulGeometryOf, referenceGemm } from "./_batch_mat_mul_impl.ts";

/** op(a)·op(b) for each matrix of the batch, from the definition. */
function naive(
  a: Float32Array,
  b: Float32Array,
  g: NonNullable<ReturnType<typeof matMulGeometryOf>>,
) {
  const { batch, batchA, batchB, m, n, k, transposeA: tA, transposeB: tB } = g;
  const out = new Float32Array(batch * m * n);
  for (let i = 0; i < batch; i++) {
    const ao = (batchA === 1 ? 0 : i) * m * k, bo = (batchB === 1 ? 0 : i) * k * n;
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < n; c++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          s += a[ao + (tA ? p * m + r : r * k + p)] * b[bo + (tB ? c * k + p : p * n + c)];
        }
        out[i * m * n + r * n + c] = s;
      }
    }
  }
  return out;
}

/** [a shape, b shape, transposeA, transposeB] */
const CASES: [number[], number[], boolean, boolean][] = [
  [[3, 5], [5, 4], false, false],
  [[5, 3], [5, 4], true, false],
  [[3, 5], [4, 5], false, true],
  [[5, 3], [4, 5], true, true],
  [[2, 3, 5], [2, 5, 4], false, false],
  [[2, 3, 5], [5, 4], false, false], // b broadcast: one product of 6 rows
  [[2, 3, 5], [1, 4, 5], false, true],
  [[2, 5, 3], [5, 4], true, false], // b broadcast, a transposed: one product per matrix
  [[5, 3], [3, 5, 4], true, false], // a broadcast
  [[2, 1, 3, 5], [1, 1, 5, 4], false, false],
  [[1, 3, 0], [1, 0, 4], false, false], // k = 0: zeros
];

Deno.test("matMulGeometryOf() gives tfjs's shapes, or null where the stock kernel should run", async (t) => {
  await t.step("broadcast batch", () => {
    const g = matMulGeometryOf([2, 3, 5, 4], [5, 6], true, false)!;
    assertEquals([g.batch, g.batchA, g.batchB, g.m, g.n, g.k], [6, 6, 1, 4, 6, 5]);
    assertEquals(g.outShape, [2, 3, 4, 6]);
  });
  await t.step("null cases", () => {
    assertEquals(matMulGeometryOf([3], [3, 2], false, false), null); // rank 1
    assertEquals(matMulGeometryOf([2, 3], [4, 2], false, false), null); // inner 3 vs 4
    assertEquals(matMulGeometryOf([2, 2, 3], [3, 3, 4], false, false), null); // batch 2 vs 3
    assertEquals(matMulGeometryOf([2, 1, 2, 3], [1, 3, 3, 4], false, false), null); // 2 by 3
  });
});

Deno.test("batchMatMulImpl() equals the definition for transposes and broadcast batches", () => {
  for (const [i, [as, bs, tA, tB]] of CASES.entries()) {
    const g = matMulGeometryOf(as, bs, tA, tB)!;
    const a = randomArray(as.reduce((p, d) => p * d, 1), 1 + i);
    const b = randomArray(bs.reduce((p, d) => p * d, 1), 50 + i);
    const out = new Float32Array(g.batch * g.m * g.n).fill(NaN);
    batchMatMulImpl(a, b, g, referenceGemm, out);
    assertLessOrEqual(relativeError(out, naive(a, b, g)), 1e-6, `case ${i}: [${as}]·[${bs}]`);
  }
});

testWith("batchMatMulImpl() with OpenBLAS equals the definition", needsOpenBlas(), (blas) => {
  for (const [i, [as, bs, tA, tB]] of CASES.entries()) {
    const g = matMulGeometryOf(as, bs, tA, tB)!;
    const a = randomArray(as.reduce((p, d) => p * d, 1), 100 + i);
    const b = randomArray(bs.reduce((p, d) => p * d, 1), 150 + i);
    const out = new Float32Array(g.batch * g.m * g.n).fill(NaN);
    batchMatMulImpl(a, b, g, blas, out);
    assertLessOrEqual(relativeError(out, naive(a, b, g)), 1e-5, `case ${i}: [${as}]·[${bs}]`);
  }
});
