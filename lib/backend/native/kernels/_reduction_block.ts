/**
 * The [outer, reduce, inner] view of a reduction over one contiguous block
 * of axes, shared by the native `Sum` and `Mean`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** A reduction seen as [outer, reduce, inner], and its output shape. */
export interface ReductionBlock {
  outer: number;
  reduce: number;
  inner: number;
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
 */
export function reductionBlock(
  shape: number[],
  axis: number | number[] | null | undefined,
  keepDims: boolean,
): ReductionBlock | null {
  const axes = tf.util.parseAxisParam(axis ?? shape.map((_, i) => i), shape).sort((a, b) => a - b);
  if (axes.length === 0) return null;
  const first = axes[0];
  if (!axes.every((a, i) => a === first + i)) return null;
  const last = axes[axes.length - 1];
  const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
  return {
    outer: prod(shape.slice(0, first)),
    reduce: prod(shape.slice(first, last + 1)),
    inner: prod(shape.slice(last + 1)),
    outShape: keepDims
      ? shape.map((d, i) => (i >= first && i <= last ? 1 : d))
      : shape.filter((_, i) => i < first || i > last),
  };
}
