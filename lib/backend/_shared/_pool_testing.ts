/**
 * Max pooling by definition, for both backends' pooling tests.
 *
 * @module
 */
import type { PoolGeometry } from "./_pool_geometry.ts";

/** Geometry of a square pooling with explicit pads (bottom and right default to top and left). */
export function poolGeometry(
  [batchSize, inHeight, inWidth, channels]: number[],
  size: number,
  stride: number,
  [padTop, padLeft, padBottom = padTop, padRight = padLeft]: number[] = [0, 0],
): PoolGeometry {
  return {
    batchSize,
    inHeight,
    inWidth,
    outHeight: Math.floor((inHeight + padTop + padBottom - size) / stride) + 1,
    outWidth: Math.floor((inWidth + padLeft + padRight - size) / stride) + 1,
    filterHeight: size,
    filterWidth: size,
    strideHeight: stride,
    strideWidth: stride,
    padTop,
    padLeft,
    channels,
  };
}

/** Poolings with even and odd sizes, padding and overlapping windows. */
export const POOL_TEST_CASES: readonly [string, PoolGeometry][] = [
  ["2×2 stride 2, even", poolGeometry([2, 8, 10, 3], 2, 2)],
  ["2×2 stride 2, odd height and width", poolGeometry([2, 9, 7, 3], 2, 2)],
  ["2×2 stride 2, odd, more channels", poolGeometry([2, 7, 9, 5], 2, 2)],
  ["3×3 stride 2, same padding", poolGeometry([1, 9, 7, 4], 3, 2, [1, 1])],
  ["3×3 stride 2, same padding, 2 channels", poolGeometry([1, 7, 9, 2], 3, 2, [1, 1])],
  ["3×3 stride 1, valid (overlapping windows)", poolGeometry([2, 7, 9, 2], 3, 1)],
  ["3×3 stride 1, small (overlapping windows)", poolGeometry([1, 6, 5, 2], 3, 1)],
  ["2×2 stride 2, padded below and right", poolGeometry([1, 5, 5, 4], 2, 2, [0, 0, 1, 1])],
];

/**
 * Every window's maximum and the index of its first strict maximum in
 * row-major window order (-1 where none, e.g. all NaN).
 */
export function maxPoolReference(
  x: Float32Array,
  g: PoolGeometry,
): { y: Float32Array; at: Int32Array } {
  const y = new Float32Array(g.batchSize * g.outHeight * g.outWidth * g.channels);
  const at = new Int32Array(y.length).fill(-1);
  let o = 0;
  for (let b = 0; b < g.batchSize; b++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) {
        for (let c = 0; c < g.channels; c++, o++) {
          let best = -Infinity;
          for (let kh = 0; kh < g.filterHeight; kh++) {
            for (let kw = 0; kw < g.filterWidth; kw++) {
              const ih = oh * g.strideHeight - g.padTop + kh;
              const iw = ow * g.strideWidth - g.padLeft + kw;
              if (ih < 0 || iw < 0 || ih >= g.inHeight || iw >= g.inWidth) continue;
              const i = ((b * g.inHeight + ih) * g.inWidth + iw) * g.channels + c;
              if (x[i] > best) {
                best = x[i];
                at[o] = i;
              }
            }
          }
          y[o] = best;
        }
      }
    }
  }
  return { y, at };
}

/** The max-pool gradient by definition: each window's dy added at its first maximum. */
export function maxPoolGradReference(
  dy: Float32Array,
  x: Float32Array,
  g: PoolGeometry,
): Float32Array {
  const dx = new Float32Array(x.length);
  maxPoolReference(x, g).at.forEach((i, o) => {
    if (i >= 0) dx[i] += dy[o];
  });
  return dx;
}

/** Values in {-1, 0, 1} (negative zeros among the zeros) from `[-1, 1)` noise: many ties, as after a ReLU. */
export function withTies(noise: Float32Array): Float32Array {
  return noise.map((v) => Math.round(v) || (v < 0 ? -0 : 0));
}
