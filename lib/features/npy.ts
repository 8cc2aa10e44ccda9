/**
 * Encodes a float32 array as a NumPy `.npy` file (format 1.0, little-endian
 * `<f4`, C order), so researchers can `np.load` serlab's features. Written
 * by hand: the format is a 10-byte preamble and a Python-dict header, and
 * the npm packages for it only read.
 *
 * @param data Values, row-major.
 * @param shape Dimensions; their product must equal `data.length`.
 * @returns The file's bytes.
 *
 * @example
 * ```ts
 * import { encodeNpy } from "./npy.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = encodeNpy(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * assertEquals(bytes.length % 64, 24);
 * assertEquals(new TextDecoder().decode(bytes.subarray(1, 6)), "NUMPY");
 * ```
 */
export function encodeNpy(data: Float32Array, shape: number[]): Uint8Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) {
    throw new RangeError(
      `Cannot encode npy as shape [${shape}] holds ${size} values: current length is ${data.length}`,
    );
  }
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  // Preamble (10 bytes) + header + newline must be a multiple of 64.
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...new TextEncoder().encode("NUMPY"), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  out.set(body, 10 + header.length); // little-endian hosts only (x86-64, arm64)
  return out;
}
