/**
 * y[i] = √x[i] for i in [start, end) (NaN for negative x, as `Math.sqrt`).
 *
 * @param x Input.
 * @param y Output (may be `x`).
 * @param start First index. @default {0}
 * @param end One past the last index. @default {x.length}
 */
export function sqrtImpl(
  x: Float32Array,
  y: Float32Array,
  start = 0,
  end: number = x.length,
): void {
  for (let i = start; i < end; i++) y[i] = Math.sqrt(x[i]);
}
