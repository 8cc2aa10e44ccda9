import * as tf from "@tensorflow/tfjs";
import { onHeap } from "../_heap.ts";
import {
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  nativeContext,
  nativeKernelConfig,
  out,
} from "../_backend_util.ts";
import { forRanges } from "../_parallel.ts";

/** Kernel name of serlab's dropout (its gradient is the same kernel on dy). */
export const DROPOUT = "SerlabDropout";

/** Attributes of {@linkcode DROPOUT}. */
export interface DropoutAttrs {
  /** Fraction of elements dropped, in [0, 1). */
  rate: number;
  /** 32-bit unsigned seed of the mask. */
  seed: number;
}

/**
 * Dropout in one pass: kept elements scaled by 1/(1 − rate), the mask a
 * pure function of (seed, index).
 *
 * @param args Kernel inputs `{x}` (float32), the backend and {@linkcode DropoutAttrs}.
 * @returns The dropped-out tensor.
 */
export function dropout(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as Inputs<"x">;
  const { rate, seed } = args.attrs as unknown as DropoutAttrs;
  if (x.dtype !== "float32") {
    throw new TypeError(`Cannot run ${DROPOUT} as x must be float32: current dtype is ${x.dtype}`);
  }
  if (!(rate >= 0 && rate < 1)) {
    throw new RangeError(
      `Cannot run ${DROPOUT} as rate must be in [0, 1): current value is ${rate}`,
    );
  }
  const backend = args.backend as CpuBackend;
  const { pool, team } = nativeContext(backend);
  const xv = f32(backend, x);
  const y = pool.alloc(xv.length);
  const simd = onHeap(xv, y);
  forRanges(
    team,
    "dropout",
    xv.length,
    [xv, y],
    (start, end) => ({ x: xv, rate, seed, y, start, end, simd }),
  );
  return out(backend, [...x.shape], y);
}

/** Registers {@linkcode dropout} on the native backend. */
export const dropoutConfig: tf.KernelConfig = nativeKernelConfig(DROPOUT, dropout);

/** The gradient of {@linkcode DROPOUT}: the same mask and scale applied to dy. */
export const dropoutGradConfig: tf.GradConfig = {
  kernelName: DROPOUT,
  inputsToSave: [],
  gradFunc: (dy, _saved, attrs) => ({
    x: () =>
      tf.engine().runKernel(DROPOUT, { x: dy as tf.Tensor }, attrs as tf.NamedAttrMap) as tf.Tensor,
  }),
};
