/**
 * Helpers for both backends' tests: seeded random data, the relative error
 * their tolerances are stated in, and parity runs against tfjs's stock
 * `cpu` backend.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertLessOrEqual } from "@std/assert";
import { quietCpuBackend } from "./_cpu_notice.ts";

/** `size` floats uniform in [lo, hi), from a 32-bit LCG seeded with `seed`. */
export function randomArray(size: number, seed: number, lo = -1, hi = 1): Float32Array {
  let state = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (hi - lo) * (state / 4294967296);
  }
  return out;
}

/**
 * max |actual − expected| / max(max |expected|, floor): the error relative to
 * the tensor's scale, with `floor` for tensors that should be ~0; Infinity
 * where only one of the two is NaN.
 */
export function relativeError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  floor = 1e-6,
): number {
  if (actual.length !== expected.length) {
    throw new RangeError(
      `Cannot compare arrays as lengths must match: current values are ${actual.length} and ${expected.length}`,
    );
  }
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(actual[i]) !== Number.isNaN(expected[i])) return Infinity;
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}

/** Makes `backend` active, runs `fn` and returns copies of its outputs' values. */
export async function valuesOn(
  backend: string,
  fn: () => tf.Tensor | tf.Tensor[],
): Promise<Float32Array[]> {
  quietCpuBackend();
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const out = fn();
    return (Array.isArray(out) ? out : [out]).map((t) => Float32Array.from(t.dataSync()));
  });
}

/** Options of {@linkcode assertParity}. */
export interface AssertParityOptions {
  /** What runs on the stock cpu backend, when not `fn` itself. @default {fn} */
  reference?: () => tf.Tensor | tf.Tensor[];
  /** Largest relative error allowed ({@linkcode relativeError}). @default {1e-4} */
  tolerance?: number;
}

/**
 * Runs `fn` on tfjs's stock `cpu` backend and on `backend`, and asserts that
 * every output has the same size and is within the tolerance; leaves
 * `backend` active.
 */
export async function assertParity(
  backend: string,
  label: string,
  fn: () => tf.Tensor | tf.Tensor[],
  options: AssertParityOptions = {},
): Promise<void> {
  const { reference = fn, tolerance = 1e-4 } = options;
  const expected = await valuesOn("cpu", reference);
  const actual = await valuesOn(backend, fn);
  assertEquals(actual.length, expected.length, `${label}: number of outputs`);
  for (let i = 0; i < expected.length; i++) {
    assertEquals(actual[i].length, expected[i].length, `${label}: size of output ${i}`);
    const error = relativeError(actual[i], expected[i]);
    assertLessOrEqual(error, tolerance, `${label}, output ${i}: relative error ${error}`);
  }
}
