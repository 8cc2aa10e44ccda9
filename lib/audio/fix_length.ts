/**
 * Pads with zeros at the end, or truncates, to exactly `size` samples
 * (`librosa.util.fix_length`).
 *
 * @param signal Samples, shape [n].
 * @param size Wanted length, ≥ 0.
 * @returns `signal` itself when it already has `size` samples, else a new array.
 *
 * @example
 * ```ts
 * import { fixLength } from "./fix_length.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(fixLength(new Float32Array([1, 2]), 4)), [1, 2, 0, 0]);
 * assertEquals(Array.from(fixLength(new Float32Array([1, 2, 3]), 2)), [1, 2]);
 * ```
 */
export function fixLength(signal: Float32Array, size: number): Float32Array {
  if (!Number.isInteger(size) || size < 0) {
    throw new RangeError(
      `Cannot fix length as size must be an integer >= 0: current value is ${size}`,
    );
  }
  if (signal.length === size) return signal;
  if (signal.length > size) return signal.slice(0, size);
  const out = new Float32Array(size);
  out.set(signal);
  return out;
}
