import * as tf from "@tensorflow/tfjs";
import {
  type CpuBackend,
  f32,
  type Inputs,
  type KernelArgs,
  nativeContext,
  nativeKernelConfig,
  out,
} from "../_backend_util.ts";
import { onHeap } from "../_heap.ts";
import { forRanges } from "../_parallel.ts";
import { adamConstants } from "./_adam_impl.ts";

/** Kernel name of serlab's one-pass Adam step (no gradient: optimizers run off the tape). */
export const ADAM = "SerlabAdam";

/** Attributes of {@linkcode ADAM}: the optimizer's settings. */
export interface AdamAttrs {
  beta1: number;
  beta2: number;
  learningRate: number;
  epsilon: number;
}

/**
 * One Adam step of one weight tensor in one pass over its elements, split
 * over the backend's threads, with the SIMD kernel where every array is on
 * the shared heap (`_elementwise_kernels.wat`), equal bit for bit to tfjs's
 * `AdamOptimizer` (see `_adam_impl.ts`).
 *
 * @param args Kernel inputs `{x, m, v, gradient}` (float32, one shape) and
 * the scalars `{accBeta1, accBeta2}` (β₁ᵗ, β₂ᵗ), the backend and {@linkcode AdamAttrs}.
 * @returns The new weights, first moments and second moments.
 */
export function adam(args: KernelArgs): tf.TensorInfo[] {
  const { x, m, v, gradient, accBeta1, accBeta2 } = args.inputs as Inputs<
    "x" | "m" | "v" | "gradient" | "accBeta1" | "accBeta2"
  >;
  const { beta1, beta2, learningRate, epsilon } = args.attrs as unknown as AdamAttrs;
  for (const t of [x, m, v, gradient]) {
    if (t.dtype !== "float32" || !tf.util.arraysEqual(t.shape, x.shape)) {
      throw new TypeError(
        `Cannot run ${ADAM} as weights, moments and gradient must be float32 of one shape: ` +
          `current values are ${t.dtype} [${t.shape}] and [${x.shape}]`,
      );
    }
  }
  const backend = args.backend as CpuBackend;
  const { pool, team } = nativeContext(backend);
  const xv = f32(backend, x), mv = f32(backend, m), vv = f32(backend, v);
  const gv = f32(backend, gradient);
  const n = xv.length;
  const k = adamConstants(
    beta1,
    beta2,
    learningRate,
    epsilon,
    f32(backend, accBeta1)[0],
    f32(backend, accBeta2)[0],
  );
  const o = { x: pool.alloc(n), m: pool.alloc(n), v: pool.alloc(n) };
  const simd = onHeap(xv, mv, vv, gv, o.x, o.m, o.v);
  forRanges(
    team,
    "adam",
    n,
    [xv, mv, vv, gv, o.x, o.m, o.v],
    (start, end) => ({ x: xv, m: mv, v: vv, g: gv, k, o, start, end, simd }),
  );
  const shape = [...x.shape];
  return [out(backend, shape, o.x), out(backend, shape, o.m), out(backend, shape, o.v)];
}

/** Registers {@linkcode adam} on the native backend. */
export const adamConfig: tf.KernelConfig = nativeKernelConfig(ADAM, adam as tf.KernelFunc);
