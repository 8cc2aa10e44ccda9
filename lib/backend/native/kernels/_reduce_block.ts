/**
 * The shared body of the native `Sum` and `Mean`: a block reduction split
 * over the backend's threads, by outer index when there are enough, else by
 * reduced rows with per-thread partial sums.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { type ReductionBlock, reductionBlock } from "../../_shared/_reduction_block.ts";
import {
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  nativeContext,
  out,
  runCpuKernel,
} from "../_backend_util.ts";
import { forRanges, MIN_PART, reduceRanges } from "../_parallel.ts";
import { onHeap } from "../_heap.ts";
import { channelShiftedSums } from "./_channel_passes.ts";
import { recalledChannelSums } from "./_channel_sums_cache.ts";

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
  if (outer === 1 && inner % 4 === 0 && onHeap(x)) {
    // One pass of the SIMD channel sums (the sums of squares come free with it).
    const sums = channelShiftedSums(team, x, new Float64Array(inner));
    for (let i = 0; i < inner; i++) values[i] = sums[i] * scale;
    return values;
  }
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

/**
 * A `Sum` (or, with `mean`, `Mean`) kernel function for float32 tensors
 * reduced over one contiguous block of axes, in one pass with no transpose;
 * other cases run the stock CPU kernel.
 */
export function blockReductionKernel(
  kernelName: string,
  mean: boolean,
): (args: KernelArgs) => tf.TensorInfo {
  return (args) => {
    const { x } = args.inputs as Inputs<"x">;
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    if (x.dtype !== "float32") return runCpuKernel(kernelName, args);
    const block = reductionBlock(x.shape, axis, keepDims);
    if (!block) return runCpuKernel(kernelName, args);
    const backend = args.backend as CpuBackend;
    const scale = mean ? 1 / block.reduce : 1;
    const known = block.outer === 1 ? recalledChannelSums(x.dataId, block.inner) : null;
    if (known) {
      const values = nativeContext(backend).pool.alloc(block.inner);
      for (let c = 0; c < block.inner; c++) values[c] = known[c] * scale;
      return out(backend, block.outShape, values);
    }
    const values = reduceBlock(backend, f32(backend, x), block, scale);
    return out(backend, block.outShape, values);
  };
}
