/**
 * The shared body of the native `BatchMatMul` and `_FusedMatMul`: OpenBLAS
 * SGEMM per matrix of the batch (split across the backend's threads when
 * large), then a fused bias and linear or ReLU activation in one pass over
 * the output; other biases and activations run tfjs's kernels afterwards,
 * as its CPU `_FusedMatMul` does.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type CpuBackend, f32, NATIVE_BACKEND_NAME, nativeContext, out } from "../_backend_util.ts";
import { nativeHeap, type SharedHeap } from "../_heap.ts";
import { MIN_SPLIT_MACS } from "../_team_gemm.ts";
import { shared } from "../_threads.ts";
import { batchMatMulImpl, type MatMulGeometry } from "./_batch_mat_mul_impl.ts";

/**
 * Largest operand (floats) copied onto the shared heap so that the threads
 * can split a product: a dense layer's batch of gradients ([32, 256]) or
 * outputs, not its weights (which live on the heap after the first update).
 */
const MAX_STAGED_FLOATS = 1 << 18;

/** The fused part of a `_FusedMatMul`. */
export interface MatMulEpilogue {
  /** Added to the product, broadcast; null for none. */
  bias: tf.TensorInfo | null;
  /** tfjs's fused activation name ("linear", "relu", "relu6", "elu", "sigmoid", "leakyrelu", "prelu"). */
  activation: string;
  /** The weights of "prelu". */
  preluActivationWeights: tf.TensorInfo | null;
  /** The slope of "leakyrelu". */
  leakyreluAlpha: number | undefined;
}

/**
 * act(op(a)·op(b) + bias) on the native backend, float32.
 *
 * @param backend The native backend.
 * @param a First operand.
 * @param b Second operand.
 * @param g Geometry (`matMulGeometryOf(a.shape, b.shape, …)`).
 * @param epilogue Bias and activation of a fused product, or null.
 * @returns The output tensor, `g.outShape` (broadcast with the bias).
 */
export function matMulForward(
  backend: CpuBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  g: MatMulGeometry,
  epilogue: MatMulEpilogue | null = null,
): tf.TensorInfo {
  const { gemm, pool, rows, team } = nativeContext(backend);
  const size = g.batch * g.m * g.n;
  const values = pool.alloc(size);
  const heap = nativeHeap();
  const split = team !== null && team.lanes > 1 && heap !== null &&
    g.m * g.n * g.k >= MIN_SPLIT_MACS;
  const staged: Float32Array[] = [];
  try {
    const stage = (v: Float32Array, copy: boolean) => {
      if (!split || shared(v) || v.length > MAX_STAGED_FLOATS) return v;
      const s = heap!.f32(v.length);
      if (!s) return v;
      staged.push(s);
      if (copy) s.set(v);
      return s;
    };
    const c = stage(values, false);
    batchMatMulImpl(stage(f32(backend, a), true), stage(f32(backend, b), true), g, gemm, c);
    if (c !== values) values.set(c);
  } finally {
    for (const s of staged) (heap as SharedHeap).release(s);
  }
  const bias = epilogue?.bias ?? null;
  const activation = epilogue?.activation ?? "linear";
  if (isRowBias(bias, g) && (activation === "linear" || activation === "relu")) {
    rows.biasActivation(
      values,
      0,
      g.batch * g.m,
      g.n,
      bias ? f32(backend, bias) : null,
      activation,
    );
    return out(backend, g.outShape, values);
  }
  // What the fused path does not cover: tfjs's kernels, in its CPU kernel's order.
  let current = out(backend, g.outShape, values);
  if (bias) current = replace(backend, current, run(backend, tf.Add, { a: current, b: bias }));
  const act = activationKernel(activation, epilogue);
  if (act) {
    current = replace(backend, current, run(backend, act.name, act.inputs(current), act.attrs));
  }
  return current;
}

/** True for no bias, or a bias of n values broadcast over every row ([n], [1, n], …). */
function isRowBias(bias: tf.TensorInfo | null, g: MatMulGeometry): boolean {
  if (bias === null) return true;
  const s = bias.shape;
  return s.length >= 1 && s.length <= g.outShape.length && s[s.length - 1] === g.n &&
    s.every((d, i) => i === s.length - 1 || d === 1);
}

interface ActivationKernel {
  name: string;
  inputs: (x: tf.TensorInfo) => tf.NamedTensorInfoMap;
  attrs?: tf.NamedAttrMap;
}

/** The kernel tfjs's CPU backend runs for a fused activation, or null for "linear". */
function activationKernel(activation: string, e: MatMulEpilogue | null): ActivationKernel | null {
  const plain = (name: string) => ({ name, inputs: (x: tf.TensorInfo) => ({ x }) });
  switch (activation) {
    case "linear":
      return null;
    case "relu":
      return plain(tf.Relu);
    case "relu6":
      return plain(tf.Relu6);
    case "elu":
      return plain(tf.Elu);
    case "sigmoid":
      return plain(tf.Sigmoid);
    case "leakyrelu":
      return { ...plain(tf.LeakyRelu), attrs: { alpha: e?.leakyreluAlpha ?? 0.2 } };
    case "prelu":
      return {
        name: tf.Prelu,
        inputs: (x) => ({ x, alpha: e!.preluActivationWeights! }),
      };
  }
  throw new TypeError(
    `Cannot apply the fused activation as it is unknown: current value is ${activation}`,
  );
}

/** Runs the native backend's kernel `name` (serlab's or the stock CPU one). */
function run(
  backend: CpuBackend,
  name: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const config = tf.getKernel(name, NATIVE_BACKEND_NAME) ?? tf.getKernel(name, "cpu");
  if (!config) throw new TypeError(`Cannot run ${name} as the native backend has no such kernel`);
  return config.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}

/** Disposes the intermediate `old` and returns `next`. */
function replace(backend: CpuBackend, old: tf.TensorInfo, next: tf.TensorInfo): tf.TensorInfo {
  backend.disposeIntermediateTensorInfo(old);
  return next;
}
