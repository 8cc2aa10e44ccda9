/**
 * Per-channel passes over [rows, C] tensors on the native backend's threads:
 * the SIMD kernels where the arrays are on the heap and C % 4 = 0, else the
 * JavaScript loops. Shared by batch norm in training and inference.
 *
 * @module
 */
import { at, nativeHeap, onHeap, sumBlockRows } from "../_heap.ts";
import { forRanges, MIN_PART, reduceRanges, simdRanges, simdReduceRanges } from "../_parallel.ts";
import type { ThreadTeam } from "../_threads.ts";

/**
 * Writes y = a·x + b (per channel, C = a.length) into `y`.
 *
 * @param team Threads, or null for this one.
 * @param x Input, rows·C floats.
 * @param a Scale per channel.
 * @param b Offset per channel.
 * @param y Output, rows·C floats.
 */
export function channelAffine(
  team: ThreadTeam | null,
  x: Float32Array,
  a: Float64Array,
  b: Float64Array,
  y: Float32Array,
): void {
  const C = a.length;
  const rows = x.length / C;
  const minRows = Math.ceil(MIN_PART / C);
  const heap = C % 4 === 0 && onHeap(x, y) ? nativeHeap() : null;
  const params = heap?.f32(2 * C) ?? null; // a, then b, as float32 on the heap
  if (!params) {
    forRanges(team, "channelAffine", rows, [x, y], (r0, r1) => ({ x, a, b, y, r0, r1 }), minRows);
    return;
  }
  try {
    params.set(a);
    params.set(b, C);
    const aAt = params.byteOffset, bAt = params.byteOffset + 4 * C;
    simdRanges(
      team,
      "channelAffine",
      rows,
      (r0, r1) => [at(x, r0 * C), 0, at(y, r0 * C), r1 - r0, C, aAt, 0, bAt],
      minRows,
    );
  } finally {
    heap!.release(params);
  }
}

/**
 * Σ(x − shift) and Σ(x − shift)² per channel (C = shift.length), float64.
 *
 * @param team Threads, or null for this one.
 * @param x Values, rows·C floats.
 * @param shift Per channel (e.g. `momentShift`), keeps the sums of squares accurate.
 * @returns 2·C sums: first Σ(x − shift), then Σ(x − shift)².
 *
 * @example Two channels, three rows
 * ```ts
 * import { channelShiftedSums } from "./_channel_passes.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = new Float32Array([1, 10, 2, 20, 3, 30]); // rows of [c0, c1]
 * const sums = channelShiftedSums(null, x, new Float64Array([2, 20]));
 * assertEquals(Array.from(sums), [0, 0, 2, 200]);
 * ```
 */
export function channelShiftedSums(
  team: ThreadTeam | null,
  x: Float32Array,
  shift: Float64Array,
): Float64Array {
  const C = shift.length;
  const rows = x.length / C;
  const minRows = Math.ceil(MIN_PART / C);
  const heap = C % 4 === 0 && onHeap(x) ? nativeHeap() : null;
  const params = heap?.f32(C) ?? null; // shift as float32 on the heap
  if (!params) {
    return reduceRanges(team, "channelSums", rows, 2 * C, [x], (r0, r1, acc) => ({
      x,
      shift,
      r0,
      r1,
      sums: acc,
    }), minRows);
  }
  try {
    params.set(shift);
    const block = sumBlockRows(C);
    return simdReduceRanges(
      team,
      "channelSums",
      rows,
      2 * C,
      (r0, r1, acc) => [at(x, r0 * C), r1 - r0, C, params.byteOffset, acc, acc + 8 * C, block],
      minRows,
    );
  } finally {
    heap!.release(params);
  }
}
