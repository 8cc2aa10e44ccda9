/**
 * 2-D max pooling over NHWC arrays, forward and backward, with a fast path
 * for the 2×2, stride-2, unpadded pooling of the seed CNN.
 *
 * Ties go to the first position in row-major window order, as in tfjs's
 * CPU backend, so gradients land on the same element.
 *
 * @module
 */

/** Shapes, window, strides and leading padding of a 2-D pooling (NHWC). */
export interface PoolGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

function is2x2(g: PoolGeometry): boolean {
  return g.filterHeight === 2 && g.filterWidth === 2 && g.strideHeight === 2 &&
    g.strideWidth === 2 && g.padTop === 0 && g.padLeft === 0 &&
    g.outHeight === Math.floor(g.inHeight / 2) && g.outWidth === Math.floor(g.inWidth / 2);
}

/**
 * y[b, oh, ow, c] = max over the window of x.
 *
 * @param x Input, NHWC.
 * @param g Geometry.
 * @param y Output, `batchSize·outHeight·outWidth·channels` floats.
 */
export function maxPoolImpl(x: Float32Array, g: PoolGeometry, y: Float32Array): void {
  const H = g.inHeight, W = g.inWidth, C = g.channels, OH = g.outHeight, OW = g.outWidth;
  const WC = W * C;
  if (is2x2(g)) {
    let o = 0;
    for (let b = 0; b < g.batchSize; b++) {
      for (let oh = 0; oh < OH; oh++) {
        let p = (b * H + 2 * oh) * WC;
        for (let ow = 0; ow < OW; ow++, p += 2 * C) {
          for (let c = 0; c < C; c++, o++) {
            const q = p + c;
            let m = x[q];
            const v1 = x[q + C], v2 = x[q + WC], v3 = x[q + WC + C];
            if (v1 > m) m = v1;
            if (v2 > m) m = v2;
            if (v3 > m) m = v3;
            y[o] = m;
          }
        }
      }
    }
    return;
  }
  let o = 0;
  for (let b = 0; b < g.batchSize; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * g.strideHeight - g.padTop;
      for (let ow = 0; ow < OW; ow++, o += C) {
        const w0 = ow * g.strideWidth - g.padLeft;
        y.fill(-Infinity, o, o + C);
        for (let ih = Math.max(h0, 0); ih < Math.min(h0 + g.filterHeight, H); ih++) {
          for (let iw = Math.max(w0, 0); iw < Math.min(w0 + g.filterWidth, W); iw++) {
            const src = (b * H + ih) * WC + iw * C;
            for (let c = 0; c < C; c++) {
              const v = x[src + c];
              if (v > y[o + c]) y[o + c] = v;
            }
          }
        }
      }
    }
  }
}

/**
 * dx = dy routed to the first maximum of each window (summed where windows overlap).
 *
 * @param dy Gradient of the pooled output, NHWC.
 * @param x Forward input, NHWC.
 * @param g Geometry.
 * @param dx Output, shaped like x.
 */
export function maxPoolGradImpl(
  dy: Float32Array,
  x: Float32Array,
  g: PoolGeometry,
  dx: Float32Array,
): void {
  const H = g.inHeight, W = g.inWidth, C = g.channels, OH = g.outHeight, OW = g.outWidth;
  const WC = W * C;
  if (is2x2(g)) {
    // Each input element lies in at most one window: write every covered
    // element once and zero only the uncovered last row / column.
    let o = 0;
    for (let b = 0; b < g.batchSize; b++) {
      for (let oh = 0; oh < OH; oh++) {
        let p = (b * H + 2 * oh) * WC;
        for (let ow = 0; ow < OW; ow++, p += 2 * C) {
          for (let c = 0; c < C; c++, o++) {
            const q = p + c;
            let m = x[q], k = 0;
            const v1 = x[q + C], v2 = x[q + WC], v3 = x[q + WC + C];
            if (v1 > m) (m = v1, k = 1);
            if (v2 > m) (m = v2, k = 2);
            if (v3 > m) k = 3;
            const d = dy[o];
            dx[q] = k === 0 ? d : 0;
            dx[q + C] = k === 1 ? d : 0;
            dx[q + WC] = k === 2 ? d : 0;
            dx[q + WC + C] = k === 3 ? d : 0;
          }
        }
        if (W % 2 === 1) {
          const last = (b * H + 2 * oh) * WC + (W - 1) * C;
          dx.fill(0, last, last + C);
          dx.fill(0, last + WC, last + WC + C);
        }
      }
      if (H % 2 === 1) {
        const lastRow = (b * H + H - 1) * WC;
        dx.fill(0, lastRow, lastRow + WC);
      }
    }
    return;
  }
  dx.fill(0);
  const best = new Float32Array(C);
  const at = new Int32Array(C);
  let o = 0;
  for (let b = 0; b < g.batchSize; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * g.strideHeight - g.padTop;
      for (let ow = 0; ow < OW; ow++, o += C) {
        const w0 = ow * g.strideWidth - g.padLeft;
        best.fill(-Infinity);
        at.fill(-1);
        for (let ih = Math.max(h0, 0); ih < Math.min(h0 + g.filterHeight, H); ih++) {
          for (let iw = Math.max(w0, 0); iw < Math.min(w0 + g.filterWidth, W); iw++) {
            const src = (b * H + ih) * WC + iw * C;
            for (let c = 0; c < C; c++) {
              const v = x[src + c];
              if (v > best[c]) {
                best[c] = v;
                at[c] = src + c;
              }
            }
          }
        }
        for (let c = 0; c < C; c++) if (at[c] >= 0) dx[at[c]] += dy[o + c];
      }
    }
  }
}
