/**
 * 2-D max pooling over NHWC arrays, forward and backward, with a fast path
 * for the 2×2, stride-2, unpadded pooling of the seed CNN.
 *
 * Ties go to the first position in row-major window order, as in tfjs's
 * CPU backend, so gradients land on the same element.
 *
 * @module
 */
import { maxPoolGradAnyWindow } from "../../_shared/_max_pool_grad_impl.ts";
import { isPlain2x2Pool, type PoolGeometry } from "../../_shared/_pool_geometry.ts";

/**
 * y[b, oh, ow, c] = max over the window of x.
 *
 * @param x Input, NHWC.
 * @param g Geometry.
 * @param y Output, `batchSize·outHeight·outWidth·channels` floats.
 * @param b0 First image. @default {0}
 * @param b1 One past the last image. @default {g.batchSize}
 */
export function maxPoolImpl(
  x: Float32Array,
  g: PoolGeometry,
  y: Float32Array,
  b0 = 0,
  b1: number = g.batchSize,
): void {
  const H = g.inHeight, W = g.inWidth, C = g.channels, OH = g.outHeight, OW = g.outWidth;
  const WC = W * C;
  if (isPlain2x2Pool(g)) {
    // Compares order-preserving int32 keys of the float bit patterns
    // (negatives flipped, -0 and +0 equal) and selects the winner's bits
    // with masks: branch-free, where data-dependent float branches
    // mispredict (3× slower). Ties go to the first element, as in tfjs.
    const xi = new Int32Array(x.buffer, x.byteOffset, x.length);
    const yi = new Int32Array(y.buffer, y.byteOffset, y.length);
    let o = b0 * OH * OW * C;
    for (let b = b0; b < b1; b++) {
      for (let oh = 0; oh < OH; oh++) {
        let p = (b * H + 2 * oh) * WC;
        for (let ow = 0; ow < OW; ow++, p += 2 * C) {
          for (let c = 0; c < C; c++, o++) {
            const q = p + c;
            const e0 = xi[q], e1 = xi[q + C], e2 = xi[q + WC], e3 = xi[q + WC + C];
            const k0 = (e0 ^ ((e0 >> 31) & 0x7fffffff)) + (e0 >>> 31);
            const k1 = (e1 ^ ((e1 >> 31) & 0x7fffffff)) + (e1 >>> 31);
            const k2 = (e2 ^ ((e2 >> 31) & 0x7fffffff)) + (e2 >>> 31);
            const k3 = (e3 ^ ((e3 >> 31) & 0x7fffffff)) + (e3 >>> 31);
            const top = -(+(k0 >= k1)), bottom = -(+(k2 >= k3));
            const vTop = e1 ^ ((e0 ^ e1) & top), kTop = k1 ^ ((k0 ^ k1) & top);
            const vBottom = e3 ^ ((e2 ^ e3) & bottom), kBottom = k3 ^ ((k2 ^ k3) & bottom);
            yi[o] = vBottom ^ ((vTop ^ vBottom) & -(+(kTop >= kBottom)));
          }
        }
      }
    }
    return;
  }
  let o = b0 * OH * OW * C;
  for (let b = b0; b < b1; b++) {
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
 * @param y Forward output (the window maxima), when at hand: it spares recomputing them.
 * @param b0 First image. @default {0}
 * @param b1 One past the last image. @default {g.batchSize}
 */
export function maxPoolGradImpl(
  dy: Float32Array,
  x: Float32Array,
  g: PoolGeometry,
  dx: Float32Array,
  y: Float32Array | null = null,
  b0 = 0,
  b1: number = g.batchSize,
): void {
  const H = g.inHeight, W = g.inWidth, C = g.channels, OH = g.outHeight, OW = g.outWidth;
  const WC = W * C;
  if (isPlain2x2Pool(g) && y) {
    // Each input element lies in at most one window: write every covered
    // element once (the first element equal to the window's max gets dy,
    // branch-free on int masks) and zero only the uncovered last row/column.
    const dyi = new Int32Array(dy.buffer, dy.byteOffset, dy.length);
    const dxi = new Int32Array(dx.buffer, dx.byteOffset, dx.length);
    let o = b0 * OH * OW * C;
    for (let b = b0; b < b1; b++) {
      for (let oh = 0; oh < OH; oh++) {
        let p = (b * H + 2 * oh) * WC;
        for (let ow = 0; ow < OW; ow++, p += 2 * C) {
          for (let c = 0; c < C; c++, o++) {
            const q = p + c;
            const m = y[o];
            const e0 = +(x[q] === m);
            const e1 = +(x[q + C] === m) & (e0 ^ 1);
            const e2 = +(x[q + WC] === m) & ((e0 | e1) ^ 1);
            const e3 = (e0 | e1 | e2) ^ 1;
            const d = dyi[o];
            dxi[q] = d & -e0;
            dxi[q + C] = d & -e1;
            dxi[q + WC] = d & -e2;
            dxi[q + WC + C] = d & -e3;
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
  maxPoolGradAnyWindow(dy, x, g, dx, b0, b1);
}
