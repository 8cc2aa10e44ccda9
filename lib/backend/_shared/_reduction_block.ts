/**
 * The [outer, reduce, inner] view of a reduction over one contiguous block
 * of axes: both backends' `Sum` and `Mean` run such reductions in one pass,
 * where tfjs transposes the reduced axes to the end first.
 *
 * @module
 */
import { util } from "@tensorflow/tfjs";

/** A reduction seen as [outer, reduce, inner], and its output shape. */
export interface ReductionBlock {
  /** Product of the axes before the reduced block. */
  outer: number;
  /** Product of the reduced axes. */
  reduce: number;
  /** Product of the axes after the reduced block. */
  inner: number;
  /** First reduced axis. */
  firstAxis: number;
  /** Last reduced axis. */
  lastAxis: number;
  /** Shape of the result. */
  outShape: number[];
}

/**
 * The block view of reducing `shape` over `axis`, or null when the axes
 * are not contiguous (or empty).
 *
 * @param shape Input shape.
 * @param axis Axes as tfjs accepts them (number, list, or null/undefined for all).
 * @param keepDims Keep reduced axes as 1.
 * @returns The block, or null.
 *
 * @example Per-channel sums of an NHWC tensor
 * ```ts
 * import { reductionBlock } from "./_reduction_block.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const block = reductionBlock([2, 4, 4, 8], [0, 1, 2], false);
 * assertEquals([block?.outer, block?.reduce, block?.inner, block?.outShape], [1, 32, 8, [8]]);
 * ```
 */
export function reductionBlock(
  shape: number[],
  axis: number | number[] | null | undefined,
  keepDims: boolean,
): ReductionBlock | null {
  const axes = util.parseAxisParam(axis ?? shape.map((_, i) => i), shape).sort((a, b) => a - b);
  if (axes.length === 0) return null;
  const first = axes[0];
  if (!axes.every((a, i) => a === first + i)) return null;
  const last = axes[axes.length - 1];
  const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
  return {
    outer: prod(shape.slice(0, first)),
    reduce: prod(shape.slice(first, last + 1)),
    inner: prod(shape.slice(last + 1)),
    firstAxis: first,
    lastAxis: last,
    outShape: keepDims
      ? shape.map((d, i) => (i >= first && i <= last ? 1 : d))
      : shape.filter((_, i) => i < first || i > last),
  };
}
