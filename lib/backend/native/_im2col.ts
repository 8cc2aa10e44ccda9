/**
 * Convolution geometry and the im2col / col2im copies that turn an NHWC
 * convolution into matrix products.
 *
 * Rows of the column matrix are output positions (b, oh, ow) in NHWC order;
 * its columns are (kh, kw, ci), which is the row order of a tfjs HWIO filter
 * seen as a [fh·fw·cin, cout] matrix. So y = cols · W lands directly in NHWC.
 *
 * @module
 */
import type { ConvGeometry } from "../_shared/_conv_geometry.ts";

/** True when the convolution is a plain matrix product over channels (1×1, stride 1, no padding). */
export function isPointwise(g: ConvGeometry): boolean {
  return g.filterHeight === 1 && g.filterWidth === 1 && g.strideHeight === 1 &&
    g.strideWidth === 1 && g.padTop === 0 && g.padLeft === 0 &&
    g.outHeight === g.inHeight && g.outWidth === g.inWidth;
}

/**
 * How many output rows to process per chunk: enough for BLAS to reach full
 * speed, few enough that the column block stays in the last-level cache
 * (the whole im2col of the seed's first blocks would be ~600 MB).
 */
export function chunkRows(g: ConvGeometry, targetFloats = 1 << 21): number {
  const k = g.filterHeight * g.filterWidth * g.inChannels;
  const rows = g.batchSize * g.outHeight * g.outWidth;
  const byCache = Math.max(256, Math.floor(targetFloats / Math.max(k, 1)));
  return Math.min(rows, byCache);
}

/** Writes rows [r0, r1) of the column matrix of `x` into `cols` (row length fh·fw·cin). */
export function im2col(
  x: Float32Array,
  g: ConvGeometry,
  r0: number,
  r1: number,
  cols: Float32Array,
): void {
  const H = g.inHeight, W = g.inWidth, C = g.inChannels;
  const OH = g.outHeight, OW = g.outWidth;
  const FH = g.filterHeight, FW = g.filterWidth;
  const sh = g.strideHeight, sw = g.strideWidth;
  const dh = g.dilationHeight, dw = g.dilationWidth;
  const rowLen = W * C;
  const planeLen = H * rowLen;
  const spatial = OH * OW;
  let b = Math.floor(r0 / spatial);
  let oh = Math.floor((r0 % spatial) / OW);
  let ow = r0 % OW;
  // With an even channel count, pairs of floats move as one float64: half
  // the loads and stores of the copy that dominates im2col. (Pairs are only
  // copied, never computed on, so every bit pattern but a NaN pair survives;
  // V8 stores typed-array doubles as they are.)
  const pairs = C % 2 === 0 && x.byteOffset % 8 === 0 && cols.byteOffset % 8 === 0;
  const x2 = pairs ? new Float64Array(x.buffer, x.byteOffset, x.length >> 1) : null;
  const c2 = pairs ? new Float64Array(cols.buffer, cols.byteOffset, cols.length >> 1) : null;
  let o = 0;
  for (let r = r0; r < r1; r++) {
    const ih0 = oh * sh - g.padTop;
    const iw0 = ow * sw - g.padLeft;
    const xb = b * planeLen;
    // Contiguous when dilation is 1 and the whole filter row is inside the image.
    const contiguous = dw === 1 && iw0 >= 0 && iw0 + FW <= W;
    for (let kh = 0; kh < FH; kh++) {
      const ih = ih0 + kh * dh;
      if (ih < 0 || ih >= H) {
        cols.fill(0, o, o + FW * C);
        o += FW * C;
        continue;
      }
      const rowBase = xb + ih * rowLen;
      if (contiguous) {
        const src = rowBase + iw0 * C;
        const n = FW * C;
        if (x2 && c2) {
          const s2 = src >> 1, o2 = o >> 1, n2 = n >> 1;
          for (let i = 0; i < n2; i++) c2[o2 + i] = x2[s2 + i];
        } else {
          for (let i = 0; i < n; i++) cols[o + i] = x[src + i];
        }
        o += n;
        continue;
      }
      for (let kw = 0; kw < FW; kw++) {
        const iw = iw0 + kw * dw;
        if (iw < 0 || iw >= W) {
          for (let c = 0; c < C; c++) cols[o + c] = 0;
        } else {
          const src = rowBase + iw * C;
          for (let c = 0; c < C; c++) cols[o + c] = x[src + c];
        }
        o += C;
      }
    }
    if (++ow === OW) {
      ow = 0;
      if (++oh === OH) {
        oh = 0;
        b++;
      }
    }
  }
}

/** Adds rows [r0, r1) of a column matrix `cols` back into the image `dx` (the adjoint of {@linkcode im2col}). */
export function col2im(
  cols: Float32Array,
  g: ConvGeometry,
  r0: number,
  r1: number,
  dx: Float32Array,
): void {
  const H = g.inHeight, W = g.inWidth, C = g.inChannels;
  const OH = g.outHeight, OW = g.outWidth;
  const FH = g.filterHeight, FW = g.filterWidth;
  const sh = g.strideHeight, sw = g.strideWidth;
  const dh = g.dilationHeight, dw = g.dilationWidth;
  const rowLen = W * C;
  const planeLen = H * rowLen;
  const spatial = OH * OW;
  let b = Math.floor(r0 / spatial);
  let oh = Math.floor((r0 % spatial) / OW);
  let ow = r0 % OW;
  let o = 0;
  for (let r = r0; r < r1; r++) {
    const ih0 = oh * sh - g.padTop;
    const iw0 = ow * sw - g.padLeft;
    const xb = b * planeLen;
    const contiguous = dw === 1 && iw0 >= 0 && iw0 + FW <= W;
    for (let kh = 0; kh < FH; kh++) {
      const ih = ih0 + kh * dh;
      if (ih < 0 || ih >= H) {
        o += FW * C;
        continue;
      }
      const rowBase = xb + ih * rowLen;
      if (contiguous) {
        const dst = rowBase + iw0 * C;
        const n = FW * C;
        for (let i = 0; i < n; i++) dx[dst + i] += cols[o + i];
        o += n;
        continue;
      }
      for (let kw = 0; kw < FW; kw++) {
        const iw = iw0 + kw * dw;
        if (iw >= 0 && iw < W) {
          const dst = rowBase + iw * C;
          for (let c = 0; c < C; c++) dx[dst + c] += cols[o + c];
        }
        o += C;
      }
    }
    if (++ow === OW) {
      ow = 0;
      if (++oh === OH) {
        oh = 0;
        b++;
      }
    }
  }
}
