/**
 * Reading `../shared/golden` (librosa 0.10.2 outputs) and comparing
 * against it at the tolerances its README states.
 *
 * @module
 */
import { join } from "node:path";
import { decodeBase64 } from "./_base64.ts";

/** An encoded golden array: little-endian float32, row-major. */
export interface GoldenArray {
  dtype: "float32";
  shape: number[];
  base64: string;
}

/** Decodes a golden array. */
export function goldenArray(encoded: GoldenArray): Float32Array {
  if (encoded.dtype !== "float32") throw new TypeError(`Unexpected golden dtype ${encoded.dtype}`);
  const bytes = decodeBase64(encoded.base64);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** Parses one golden JSON file. */
export function readGolden<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(Deno.readTextFileSync(path)) as T;
}

/** Summary of |a − b|: maximum, 99th percentile, mean. */
export interface DiffStats {
  max: number;
  p99: number;
  mean: number;
}

/**
 * |a − b| statistics over rows [fromRow, toRow) of [rows, cols] arrays
 * (mel bands are rows in librosa's layout).
 */
export function diffStats(
  a: Float32Array,
  b: Float32Array,
  cols: number,
  fromRow = 0,
  toRow = a.length / cols,
): DiffStats {
  if (a.length !== b.length) throw new RangeError(`Length mismatch: ${a.length} vs ${b.length}`);
  const diffs = new Float64Array((toRow - fromRow) * cols);
  for (let i = fromRow * cols, j = 0; i < toRow * cols; i++, j++) diffs[j] = Math.abs(a[i] - b[i]);
  diffs.sort();
  const n = diffs.length;
  // numpy.percentile's default linear interpolation
  const rank = 0.99 * (n - 1);
  const lo = Math.floor(rank);
  const p99 = diffs[lo] + (diffs[Math.min(lo + 1, n - 1)] - diffs[lo]) * (rank - lo);
  let sum = 0;
  for (const d of diffs) sum += d;
  return { max: diffs[n - 1], p99, mean: sum / n };
}

/** Formats stats for a failure message or a report line. */
export function formatStats(s: DiffStats): string {
  return `max ${s.max.toFixed(5)}, p99 ${s.p99.toFixed(5)}, mean ${s.mean.toFixed(6)}`;
}

/** Finds `basename` under a RAVDESS folder (Actor_NN/ or flat). */
export function findClip(ravdess: string, basename: string): string {
  const actor = basename.slice(18, 20);
  for (const candidate of [join(ravdess, `Actor_${actor}`, basename), join(ravdess, basename)]) {
    try {
      Deno.statSync(candidate);
      return candidate;
    } catch { /* try the next layout */ }
  }
  throw new Error(`Golden clip ${basename} is not under ${ravdess}`);
}
