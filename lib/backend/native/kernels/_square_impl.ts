/**
 * y[i] = x[i]² for i in [start, end).
 *
 * @param x Input.
 * @param y Output (may be `x`).
 * @param start First index. @default {0}
 * @param end One past the last index. @default {x.length}
 */
export function squareImpl(
  x: Float32Array,
  y: Float32Array,
  start = 0,
  end: number = x.length,
): void {
  for (let i = start; i < end; i++) {
    const v = x[i];
    y[i] = v * v;
  }
}
