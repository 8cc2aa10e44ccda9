/**
 * `Sum` and `Mean` over the leading axes of a float32 tensor (e.g. over
 * [0, 1, 2] of NHWC: every per-channel statistic) in one pass on the heap;
 * other reductions go to tfjs-backend-wasm's kernels, which transpose the
 * reduced axes to the end first.
 *
 * @module
 */
import type { SumAttrs, SumInputs, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { reductionBlock } from "../../_shared/_reduction_block.ts";
import { sumBlockImpl } from "../../_shared/_sum_block_impl.ts";
import { allocF32, allocF64, disposeInfo, heapF32, heapOffset } from "../_heap.ts";
import { stockKernel } from "../_stock_kernels.ts";
import { requireInput } from "./_checks.ts";
import { reductionBlock as rowsPerPartialSum, simdKernels } from "./_simd.ts";

/**
 * Reduces `x` over `axis` on the heap if those are its leading axes (and at
 * least one axis is kept), else returns `null`.
 */
export function reduceLeadingAxes(
  backend: BackendWasm,
  x: TensorInfo,
  axis: number | number[],
  keepDims: boolean,
  isMean: boolean,
): TensorInfo | null {
  if (x.dtype !== "float32") return null;
  const block = reductionBlock(x.shape, axis, keepDims);
  if (block === null || block.firstAxis !== 0 || block.lastAxis >= x.shape.length - 1) return null;
  const { reduce: rows, inner } = block;
  if (inner === 0 || rows === 0) return null;
  const out = allocF32(backend, block.outShape);
  const scale = isMean ? 1 / rows : 1;
  const simd = inner % 4 === 0 ? simdKernels(backend) : null;
  if (simd === null) {
    sumBlockImpl(heapF32(backend, x), 1, rows, inner, heapF32(backend, out), scale);
    return out;
  }
  const sums = allocF64(backend, inner);
  const zeros = allocF32(backend, [inner]);
  heapF32(backend, zeros).fill(0);
  simd.channelSums(
    heapOffset(backend, x),
    rows,
    inner,
    heapOffset(backend, zeros),
    sums.offset,
    0,
    rowsPerPartialSum(inner),
  );
  const total = sums.view();
  const result = heapF32(backend, out);
  for (let j = 0; j < inner; j++) result[j] = total[j] * scale;
  disposeInfo(backend, sums.info);
  disposeInfo(backend, zeros);
  return out;
}

/**
 * The wasm backend's `Sum` or `Mean` kernel function: leading-axes
 * reductions by {@linkcode reduceLeadingAxes}, the rest by the stock kernel.
 */
export function leadingAxesKernel(
  kernelName: "Sum" | "Mean",
): (args: { inputs: SumInputs; backend: BackendWasm; attrs: SumAttrs }) => TensorInfo {
  return (args) => {
    const { inputs, backend, attrs: { axis, keepDims } } = args;
    const x = requireInput(kernelName, "x", inputs.x);
    return reduceLeadingAxes(backend, x, axis, keepDims, kernelName === "Mean") ??
      stockKernel(kernelName)(args as never) as TensorInfo;
  };
}
