import { assertEquals } from "@std/assert";
import { testWith } from "../../../tests/requirements.ts";
import { needsOpenBlas } from "./_testing.ts";

testWith(
  "loadOpenBlas() gives an sgemm honouring transposes, strides and array offsets",
  needsOpenBlas(),
  (blas) => {
    // A = [[1, 2, 3], [4, 5, 6]] (2×3), B = [[1, 0], [0, 1], [1, 1]] (3×2).
    const a = Float32Array.from([9, 1, 2, 3, 4, 5, 6]).subarray(1);
    const b = Float32Array.from([1, 0, 0, 1, 1, 1]);
    const c = new Float32Array(5).fill(1);
    blas.sgemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c.subarray(1), 2);
    assertEquals(Array.from(c), [1, 4, 5, 10, 11]);
    // Aᵀ stored as 3×2, Bᵀ as 2×3, accumulate with beta = 1.
    const at = Float32Array.from([1, 4, 2, 5, 3, 6]);
    const bt = Float32Array.from([1, 0, 1, 0, 1, 1]);
    const d = Float32Array.from([1, 1, 1, 1]);
    blas.sgemm(true, true, 2, 2, 3, 2, at, 2, bt, 3, 1, d, 2);
    assertEquals(Array.from(d), [9, 11, 21, 23]);
    blas.setThreads(1);
    assertEquals(blas.getThreads(), 1);
  },
);
