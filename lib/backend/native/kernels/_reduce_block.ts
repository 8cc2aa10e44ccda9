/**
 * The shared body of the native `Sum` and `Mean`: a block reduction split
 * over the backend's threads, by outer index when there are enough, else by
 * reduced rows with per-thread partial sums.
 *
 * @module
 */
import { type CpuBackend, nativeContext } from "../_backend_util.ts";
import { forRanges, MIN_PART, reduceRanges } from "../_parallel.ts";
import type { ReductionBlock } from "./_reduction_block.ts";

/**
 * scale·Σ over the reduced block of `x`.
 *
 * @param backend The native backend.
 * @param x Values.
 * @param block The [outer, reduce, inner] view.
 * @param scale Factor on each sum.
 * @returns outer·inner values.
 */
export function reduceBlock(
  backend: CpuBackend,
  x: Float32Array,
  block: ReductionBlock,
  scale: number,
): Float32Array {
  const { pool, team } = nativeContext(backend);
  const { outer, reduce, inner } = block;
  const values = pool.alloc(outer * inner);
  const lanes = team?.lanes ?? 1;
  if (outer >= lanes && outer * reduce * inner >= 2 * MIN_PART) {
    forRanges(team, "sumBlock", outer, [x, values], (o0, o1) => ({
      x,
      outer,
      reduce,
      inner,
      out: values,
      scale,
      o0,
      o1,
    }), Math.max(1, Math.ceil(MIN_PART / (reduce * inner))));
    return values;
  }
  for (let o = 0; o < outer; o++) {
    const part = x.subarray(o * reduce * inner, (o + 1) * reduce * inner);
    const acc = reduceRanges(
      team,
      "columnSums",
      reduce,
      inner,
      [part],
      (r0, r1, acc) => ({ x: part, inner, r0, r1, acc }),
      Math.max(1, Math.ceil(MIN_PART / inner)),
    );
    for (let i = 0; i < inner; i++) values[o * inner + i] = acc[i] * scale;
  }
  return values;
}
