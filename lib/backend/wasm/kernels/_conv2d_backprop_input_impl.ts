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
import { type ConvGeometry, tapOutputRange } from "../../_shared/_conv_geometry.ts";

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
    const [ohLo, ohHi] = tapOutputRange(OH, sh, pt, kh, H);
    for (let kw = 0; kw < KW; kw++) {
      const [owLo, owHi] = tapOutputRange(OW, sw, pl, kw, W);
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
