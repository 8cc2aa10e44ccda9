/**
 * Decides whether a Sum/Mean reduces exactly the leading axes of its input,
 * the case {@linkcode sumLeadingAxes} serves.
 *
 * @module
 */
import { type TensorInfo, util } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { allocF32, allocF64, disposeInfo, heapF32, heapOffset } from "../_heap.ts";
import { sumLeadingAxes } from "./_reduce_impl.ts";
import { reductionBlock, simdKernels } from "./_simd.ts";

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
  if (x.dtype !== "float32" || x.shape.length < 2) return null;
  const axes = util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  if (axes.length === 0 || axes.length >= x.shape.length) return null;
  if (!axes.every((a, i) => a === i)) return null;
  const kept = x.shape.slice(axes.length);
  const inner = util.sizeFromShape(kept);
  const outer = util.sizeFromShape(x.shape) / inner;
  if (inner === 0 || outer === 0) return null;
  const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
  const out = allocF32(backend, outShape);
  const scale = isMean ? 1 / outer : 1;
  const simd = inner % 4 === 0 ? simdKernels(backend) : null;
  if (simd === null) {
    sumLeadingAxes(heapF32(backend, x), inner, scale, heapF32(backend, out));
    return out;
  }
  const sums = allocF64(backend, inner);
  const zeros = allocF32(backend, [inner]);
  heapF32(backend, zeros).fill(0);
  simd.channelSums(
    heapOffset(backend, x),
    outer,
    inner,
    heapOffset(backend, zeros),
    sums.offset,
    0,
    reductionBlock(inner),
  );
  const total = sums.view();
  const result = heapF32(backend, out);
  for (let j = 0; j < inner; j++) result[j] = total[j] * scale;
  disposeInfo(backend, sums.info);
  disposeInfo(backend, zeros);
  return out;
}
