/**
 * Typed-array maths of the input gradient of an NHWC convolution:
 * `dx[n, ih, iw, ci] = Σ dy[n, oh, ow, co] · w[kh, kw, ci, co]` over the
 * `(oh, ow, kh, kw)` with `ih = oh·sh + kh − pt`, `iw = ow·sw + kw − pl`.
 *
 * Two routes, both ending in XNNPACK: with stride 1 the gradient is itself
 * a convolution of `dy` with the rotated filter
 * ({@linkcode rotateFilterForInputGradient}); otherwise `dcols = dy · wᵀ` is a
 * GEMM ({@linkcode transposeFilter}) folded back by {@linkcode col2imAdd}.
 *
 * @module
 */
import type { ConvGeometry } from "./_conv_geometry.ts";

/**
 * Rotates a filter by 180° and swaps its channel axes, so that a stride-1
 * convolution of `dy` with it gives the input gradient.
 *
 * @param filter Row-major `[kh, kw, inChannels, outChannels]`.
 * @param geometry The forward convolution.
 * @param out Row-major `[kh, kw, outChannels, inChannels]`.
 */
export function rotateFilterForInputGradient(
  filter: Float32Array,
  geometry: ConvGeometry,
  out: Float32Array,
): void {
  const { filterHeight: KH, filterWidth: KW, inChannels: C, outChannels: CO } = geometry;
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const src = (kh * KW + kw) * C * CO;
      const dst = ((KH - 1 - kh) * KW + (KW - 1 - kw)) * CO * C;
      for (let c = 0; c < C; c++) {
        for (let co = 0; co < CO; co++) out[dst + co * C + c] = filter[src + c * CO + co];
      }
    }
  }
}

/**
 * Transposes a `[rows, cols]` matrix.
 *
 * @param matrix Row-major `[rows, cols]`.
 * @param rows Rows of `matrix`.
 * @param cols Columns of `matrix`.
 * @param out Row-major `[cols, rows]`.
 */
export function transposeFilter(
  matrix: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array,
): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c];
  }
}

/**
 * Adds the patch gradients of images `[firstImage, firstImage + imageCount)`
 * back onto the input gradient (the adjoint of im2col).
 *
 * @param dcols Row-major `[imageCount·outHeight·outWidth, kh·kw·inChannels]`.
 * @param geometry The forward convolution.
 * @param firstImage First image of the chunk.
 * @param imageCount Images in the chunk.
 * @param dx Row-major `[batch, inHeight, inWidth, inChannels]`, accumulated into.
 */
export function col2imAdd(
  dcols: Float32Array,
  geometry: ConvGeometry,
  firstImage: number,
  imageCount: number,
  dx: Float32Array,
): void {
  const {
    inHeight: H,
    inWidth: W,
    inChannels: C,
    outHeight: OH,
    outWidth: OW,
    filterHeight: KH,
    filterWidth: KW,
    strideHeight: sh,
    strideWidth: sw,
    padTop: pt,
    padLeft: pl,
  } = geometry;
  const taps = KH * KW * C;
  const perImage = OH * OW;
  // Tap by tap over the valid output range, so that the inner loops carry no
  // bounds checks (a per-element check made this 38 ms for the seed CNN's
  // first layer; this order takes 6 ms).
  for (let kh = 0; kh < KH; kh++) {
    const ohLo = Math.min(OH, Math.max(0, Math.ceil((pt - kh) / sh)));
    const ohHi = Math.max(ohLo, Math.min(OH, Math.floor((H - 1 + pt - kh) / sh) + 1));
    for (let kw = 0; kw < KW; kw++) {
      const owLo = Math.min(OW, Math.max(0, Math.ceil((pl - kw) / sw)));
      const owHi = Math.max(owLo, Math.min(OW, Math.floor((W - 1 + pl - kw) / sw) + 1));
      const tap = (kh * KW + kw) * C;
      for (let i = 0; i < imageCount; i++) {
        const n = firstImage + i;
        for (let oh = ohLo; oh < ohHi; oh++) {
          const ih = oh * sh + kh - pt;
          let src = (i * perImage + oh * OW + owLo) * taps + tap;
          let dst = ((n * H + ih) * W + owLo * sw + kw - pl) * C;
          const dstStep = sw * C;
          if (C === 1) {
            for (let ow = owLo; ow < owHi; ow++, src += taps, dst += dstStep) dx[dst] += dcols[src];
          } else {
            for (let ow = owLo; ow < owHi; ow++, src += taps, dst += dstStep) {
              for (let c = 0; c < C; c++) dx[dst + c] += dcols[src + c];
            }
          }
        }
      }
    }
  }
}

/**
 * The input gradient by direct summation: slow, for tests.
 *
 * @param dy Row-major `[batch, outHeight, outWidth, outChannels]`.
 * @param filter Row-major `[kh, kw, inChannels, outChannels]`.
 * @param geometry The forward convolution.
 * @returns dx, row-major `[batch, inHeight, inWidth, inChannels]`.
 */
export function conv2dBackpropInputReference(
  dy: Float32Array,
  filter: Float32Array,
  geometry: ConvGeometry,
): Float32Array {
  const {
    batch: N,
    inHeight: H,
    inWidth: W,
    inChannels: C,
    outHeight: OH,
    outWidth: OW,
    outChannels: CO,
    filterHeight: KH,
    filterWidth: KW,
    strideHeight: sh,
    strideWidth: sw,
    padTop: pt,
    padLeft: pl,
  } = geometry;
  const dx = new Float64Array(N * H * W * C);
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const g = ((n * OH + oh) * OW + ow) * CO;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh + kh - pt;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * sw + kw - pl;
            if (iw < 0 || iw >= W) continue;
            for (let c = 0; c < C; c++) {
              const w = ((kh * KW + kw) * C + c) * CO;
              let s = 0;
              for (let co = 0; co < CO; co++) s += dy[g + co] * filter[w + co];
              dx[((n * H + ih) * W + iw) * C + c] += s;
            }
          }
        }
      }
    }
  }
  return Float32Array.from(dx);
}
