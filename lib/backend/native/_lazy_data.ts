/**
 * Tensor data computed when first read, for kernel outputs that tfjs often
 * computes and throws away.
 *
 * Why: tfjs's fused convolution returns the gradient of its input together
 * with the filter's, eagerly. For a model's first layer that input is the
 * data batch, which needs no gradient, so the tape discards it unread; on
 * the seed CNN that is the largest input-gradient of the step (~5 % of it).
 * A lazy entry computes it only if some kernel or reader asks for it.
 *
 * Safety: the inputs the computation reads are pinned (one more reference
 * on their data, as a reshape takes) until it has run or the entry is
 * disposed unread, so the buffer pool cannot hand their arrays to anyone
 * else meanwhile, and tensor data never changes once written.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { CpuBackend } from "./_backend_util.ts";

const unpinners = new WeakMap<object, () => void>();
const counts = { created: 0, computed: 0, droppedUnread: 0 };

/**
 * A float32 tensor of `shape` whose values are `compute()`, run on first
 * read; `pins` stay alive until then.
 *
 * @param backend The native backend.
 * @param shape Shape of the result.
 * @param pins Tensors whose data `compute` reads.
 * @param compute Makes the values (`shape`'s element count).
 * @param onComputed Called with the values once made (e.g. to count them as tensor data).
 * @returns The tensor info.
 */
export function lazyTensor(
  backend: CpuBackend & { incRef(dataId: tf.DataId): void },
  shape: number[],
  pins: tf.TensorInfo[],
  compute: () => Float32Array,
  onComputed: (values: Float32Array) => void = () => {},
): tf.TensorInfo {
  for (const pin of pins) backend.incRef(pin.dataId);
  const info = backend.makeTensorInfo(shape, "float32");
  const unpin = () => {
    unpinners.delete(info.dataId);
    for (const pin of pins) backend.disposeData(pin.dataId);
  };
  unpinners.set(info.dataId, unpin);
  counts.created++;
  let values: Float32Array | undefined;
  Object.defineProperty(backend.data.get(info.dataId), "values", {
    configurable: true,
    enumerable: true,
    get() {
      if (values === undefined) {
        values = compute();
        counts.computed++;
        onComputed(values);
        unpin();
      }
      return values;
    },
    set(v: Float32Array) {
      values = v;
    },
  });
  return info;
}

/** True while `dataId` is a lazy entry not yet read: its values must not be touched to dispose it. */
export function isUnread(dataId: tf.DataId): boolean {
  return unpinners.has(dataId);
}

/** Releases the pins of an unread lazy entry whose data was just deleted. */
export function dropUnread(dataId: tf.DataId): void {
  const unpin = unpinners.get(dataId);
  if (!unpin) return;
  counts.droppedUnread++;
  unpin();
}

/** How many lazy entries were made, computed, and dropped unread in this process (for tests). */
export function lazyDataCounts(): Readonly<typeof counts> {
  return { ...counts };
}
