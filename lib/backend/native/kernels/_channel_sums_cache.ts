/**
 * Per-channel sums of a tensor, computed by the kernel that wrote it while
 * its values were in registers, for a later `Sum`/`Mean` over every axis but
 * the last to use instead of reading the tensor again.
 *
 * Why: in a training step the bias gradient of each convolution is the sum
 * over N, H, W of the batch norm's dx, a full extra pass over the largest
 * tensors of the step (~4 % of it on the seed CNN). Tensor data never
 * changes once written, and entries die with their tensor's `dataId`.
 *
 * @module
 */

const sumsByData = new WeakMap<object, Float64Array>();

/** Records Σ over all rows of `dataId`'s [rows, channels] values, one float64 per channel. */
export function rememberChannelSums(dataId: object, sums: Float64Array): void {
  sumsByData.set(dataId, sums);
}

/** The sums recorded for `dataId`, if they cover `channels` channels; else null. */
export function recalledChannelSums(dataId: object, channels: number): Float64Array | null {
  const sums = sumsByData.get(dataId);
  return sums && sums.length === channels ? sums : null;
}
