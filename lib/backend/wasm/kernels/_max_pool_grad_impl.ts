/**
 * Typed-array maths of the max-pool gradient: each window's output
 * gradient goes to the window's first maximum (row-major order, compared
 * with `>`, as tfjs's cpu backend chooses), summed where windows overlap.
 *
 * @module
 */

/** An NHWC pooling with dilation 1. */
export interface PoolGeometry {
  /** Images in the batch. */
  batch: number;
  /** Input rows. */
  inHeight: number;
  /** Input columns. */
  inWidth: number;
  /** Channels. */
  channels: number;
  /** Output rows. */
  outHeight: number;
  /** Output columns. */
  outWidth: number;
  /** Window rows. */
  filterHeight: number;
  /** Window columns. */
  filterWidth: number;
  /** Step between windows, in rows. */
  strideHeight: number;
  /** Step between windows, in columns. */
  strideWidth: number;
  /** Implicit rows above the input (never chosen as a maximum). */
  padTop: number;
  /** Implicit columns left of the input (never chosen as a maximum). */
  padLeft: number;
}

/**
 * Routes the pooled gradient back to the input.
 *
 * @param x Pool input, row-major `[batch, inHeight, inWidth, channels]`.
 * @param dy Gradient of the pool output, `[batch, outHeight, outWidth, channels]`.
 * @param geometry The pooling.
 * @param dx Output, shape of x; overwritten.
 */
export function maxPoolGradImpl(
  x: Float32Array,
  dy: Float32Array,
  geometry: PoolGeometry,
  dx: Float32Array,
): void {
  const { filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft } = geometry;
  if (
    filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2 &&
    padTop === 0 && padLeft === 0
  ) {
    maxPoolGrad2x2(x, dy, geometry, dx);
    return;
  }
  dx.fill(0);
  const { batch: N, inHeight: H, inWidth: W, channels: C, outHeight: OH, outWidth: OW } = geometry;
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = Math.max(0, oh * strideHeight - padTop);
      const h1 = Math.min(H, oh * strideHeight - padTop + filterHeight);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = Math.max(0, ow * strideWidth - padLeft);
        const w1 = Math.min(W, ow * strideWidth - padLeft + filterWidth);
        for (let c = 0; c < C; c++, o++) {
          let best = -Infinity;
          let at = -1;
          for (let h = h0; h < h1; h++) {
            for (let w = w0; w < w1; w++) {
              const i = ((n * H + h) * W + w) * C + c;
              if (x[i] > best) {
                best = x[i];
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] += dy[o];
        }
      }
    }
  }
}

/** The seed CNN's pool (2×2, stride 2, no padding): disjoint windows, one pass. */
function maxPoolGrad2x2(
  x: Float32Array,
  dy: Float32Array,
  geometry: PoolGeometry,
  dx: Float32Array,
): void {
  const { batch: N, inHeight: H, inWidth: W, channels: C, outHeight: OH, outWidth: OW } = geometry;
  // Rows and columns that no window covers (odd sizes) get no gradient.
  if (H !== 2 * OH || W !== 2 * OW) dx.fill(0);
  const rowStride = W * C;
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      let p00 = (n * H + 2 * oh) * rowStride;
      for (let ow = 0; ow < OW; ow++, p00 += 2 * C) {
        const p01 = p00 + C;
        const p10 = p00 + rowStride;
        const p11 = p10 + C;
        for (let c = 0; c < C; c++, o++) {
          const a = x[p00 + c];
          const b = x[p01 + c];
          const d = x[p10 + c];
          const e = x[p11 + c];
          let best = -Infinity;
          let k = -1;
          if (a > best) {
            best = a;
            k = 0;
          }
          if (b > best) {
            best = b;
            k = 1;
          }
          if (d > best) {
            best = d;
            k = 2;
          }
          if (e > best) k = 3;
          const g = dy[o];
          dx[p00 + c] = k === 0 ? g : 0;
          dx[p01 + c] = k === 1 ? g : 0;
          dx[p10 + c] = k === 2 ? g : 0;
          dx[p11 + c] = k === 3 ? g : 0;
        }
      }
    }
  }
}
