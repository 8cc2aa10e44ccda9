/**
 * Splitting a kernel's rows over the native backend's {@linkcode ThreadTeam},
 * with a serial fallback when the work is small or an array cannot be shared.
 *
 * @module
 */
import { nativeHeap } from "./_heap.ts";
import { runTask, type SimdCall, type TaskArgMap, type TaskName } from "./_tasks.ts";
import { shared, splitRange, type ThreadTeam } from "./_threads.ts";

/** Below this many elements per part, a worker's wake-up costs more than it saves. */
export const MIN_PART = 1 << 15;

/** Parts per thread: the threads take them one at a time, so a descheduled one delays little. */
export const PARTS_PER_LANE = 4;

/**
 * Runs task `name` over [0, n), split into ranges (bounds multiples of
 * `grain`) across `team`, or on this thread alone when `team` is null, the
 * work is small, or one of `arrays` is not shared.
 */
export function forRanges<K extends TaskName>(
  team: ThreadTeam | null,
  name: K,
  n: number,
  arrays: (ArrayBufferView | null | undefined)[],
  args: (start: number, end: number) => TaskArgMap[K],
  minPart: number = MIN_PART,
  grain = 1,
): void {
  if (!team || team.lanes === 1 || n < 2 * minPart || !shared(...arrays)) {
    runTask(name, args(0, n));
    return;
  }
  team.run(
    name,
    splitRange(n, team.lanes * PARTS_PER_LANE, minPart, grain).map(([s, e]) => args(s, e)),
  );
}

/**
 * Like {@linkcode forRanges} for tasks that add into a float64 accumulator
 * of `width` values: each range gets its own, and their sum is returned.
 */
export function reduceRanges<K extends TaskName>(
  team: ThreadTeam | null,
  name: K,
  n: number,
  width: number,
  arrays: (ArrayBufferView | null | undefined)[],
  args: (start: number, end: number, acc: Float64Array) => TaskArgMap[K],
  minPart: number = MIN_PART,
): Float64Array {
  const parallel = team && team.lanes > 1 && n >= 2 * minPart && shared(...arrays);
  if (!parallel) {
    const acc = new Float64Array(width);
    runTask(name, args(0, n, acc));
    return acc;
  }
  const ranges = splitRange(n, team.lanes * PARTS_PER_LANE, minPart);
  const buffer = new SharedArrayBuffer(8 * width * ranges.length);
  const accs = ranges.map((_, i) => new Float64Array(buffer, 8 * width * i, width));
  team.run(name, ranges.map(([s, e], i) => args(s, e, accs[i])));
  const total = new Float64Array(width);
  for (const acc of accs) for (let i = 0; i < width; i++) total[i] += acc[i];
  return total;
}

/**
 * Runs SIMD kernel `fn` over rows [0, n) split across `team` (or here),
 * with `args` giving each range's heap pointers and sizes.
 */
export function simdRanges(
  team: ThreadTeam | null,
  fn: SimdCall,
  n: number,
  args: (start: number, end: number) => number[],
  minPart: number = MIN_PART,
): void {
  forRanges(team, "simd", n, [], (s, e) => ({ fn, args: args(s, e) }), minPart);
}

/**
 * Like {@linkcode simdRanges} for kernels that add into float64 sums of
 * `width` values: each range gets its own on the heap (pointer passed to
 * `args`), and their total is returned.
 */
export function simdReduceRanges(
  team: ThreadTeam | null,
  fn: SimdCall,
  n: number,
  width: number,
  args: (start: number, end: number, acc: number) => number[],
  minPart: number = MIN_PART,
): Float64Array {
  const heap = nativeHeap()!;
  const parallel = team && team.lanes > 1 && n >= 2 * minPart;
  const ranges = parallel
    ? splitRange(n, team.lanes * PARTS_PER_LANE, minPart)
    : [[0, n] as [number, number]];
  const accs = heap.f64(width * ranges.length);
  if (!accs) throw new RangeError(`Cannot run ${fn} as the native heap is full`);
  try {
    const parts = ranges.map(([s, e], i) => ({
      fn,
      args: args(s, e, accs.byteOffset + 8 * width * i),
    }));
    if (parallel) team.run("simd", parts);
    else for (const part of parts) runTask("simd", part);
    const total = new Float64Array(width);
    for (let i = 0; i < ranges.length; i++) {
      for (let k = 0; k < width; k++) total[k] += accs[width * i + k];
    }
    return total;
  } finally {
    heap.release(accs);
  }
}
