/**
 * Helpers for the native backend's tests: the OpenBLAS requirement, running
 * the same computation on two backends, and the error measure.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Requirement } from "../../../tests/requirements.ts";
import { loadOpenBlas, type OpenBlas } from "./_openblas.ts";
import { registerNativeBackend } from "./register_native_backend.ts";

/** OpenBLAS through FFI (`apt-get install libopenblas0-pthread`). */
export function needsOpenBlas(): Requirement<OpenBlas> {
  const load = loadOpenBlas();
  return {
    name: "OpenBLAS",
    value: load.ok ? load.blas : null,
    hint: `${load.ok ? "" : load.reason}; apt-get install libopenblas0-pthread`,
  };
}

/** Registers the native backend (once) and returns its name. */
export function nativeBackend(threads = navigator.hardwareConcurrency || 1): string {
  const result = registerNativeBackend({ threads });
  if (!result.ok) throw new Error(`Cannot register the native backend: ${result.reason}`);
  return result.info.name;
}

/** Runs `fn` on `backend` and returns copies of its outputs' values. */
export async function onBackend(
  backend: string,
  fn: () => tf.Tensor | tf.Tensor[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const out = fn();
    return (Array.isArray(out) ? out : [out]).map((t) => Float32Array.from(t.dataSync()));
  });
}

/** max |a − b| / max |b|: the error relative to the reference's scale. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  if (Number.isNaN(diff)) return Infinity;
  return scale === 0 ? diff : diff / scale;
}

/** Deterministic pseudo-random floats in [-1, 1). */
export function randomValues(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 2 ** 32) * 2 - 1;
  }
  return out;
}
