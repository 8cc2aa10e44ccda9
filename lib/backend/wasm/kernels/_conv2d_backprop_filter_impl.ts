/**
 * Typed-array maths of the filter gradient of an NHWC convolution:
 * `dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·sh + kh − pt, ow·sw + kw − pl, ci] · dy[n, oh, ow, co]`.
 *
 * The kernel computes it as a GEMM, `dW = colsᵀ · dy`, one chunk of images at
 * a time: {@linkcode im2colTransposed} writes the chunk's patches K-major
 * (`[K, P]`, K = kh·kw·ci, P = positions) so that XNNPACK's GEMM can take them
 * as its left operand without a transpose, and the chunk stays in cache.
 *
 * @module
 */
import type { ConvGeometry } from "./_conv_geometry.ts";

/**
 * Writes the K-major patch matrix of images `[firstImage, firstImage + imageCount)`.
 *
 * @param x Input, row-major `[batch, inHeight, inWidth, inChannels]`.
 * @param geometry The convolution.
 * @param firstImage First image of the chunk.
 * @param imageCount Images in the chunk.
 * @param cols Output, row-major `[filterHeight·filterWidth·inChannels, imageCount·outHeight·outWidth]`;
 *   taps that fall in the padding are written as 0.
 */
export function im2colTransposed(
  x: Float32Array,
  geometry: ConvGeometry,
  firstImage: number,
  imageCount: number,
  cols: Float32Array,
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
  const positions = imageCount * OH * OW;
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      // Output columns whose tap lands inside the input: [owLo, owHi).
      const owLo = Math.min(OW, Math.max(0, Math.ceil((pl - kw) / sw)));
      const owHi = Math.max(owLo, Math.min(OW, Math.floor((W - 1 + pl - kw) / sw) + 1));
      for (let c = 0; c < C; c++) {
        let o = ((kh * KW + kw) * C + c) * positions;
        for (let n = firstImage; n < firstImage + imageCount; n++) {
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh + kh - pt;
            if (ih < 0 || ih >= H) {
              cols.fill(0, o, o + OW);
              o += OW;
              continue;
            }
            if (owLo > 0) cols.fill(0, o, o + owLo);
            let src = ((n * H + ih) * W + owLo * sw + kw - pl) * C + c;
            const step = sw * C;
            for (let ow = owLo; ow < owHi; ow++, src += step) cols[o + ow] = x[src];
            if (owHi < OW) cols.fill(0, o + owHi, o + OW);
            o += OW;
          }
        }
      }
    }
  }
}

/**
 * The filter gradient by direct summation: slow, for tests and as the
 * definition the GEMM form must match.
 *
 * @param x Input, row-major `[batch, inHeight, inWidth, inChannels]`.
 * @param dy Output gradient, row-major `[batch, outHeight, outWidth, outChannels]`.
 * @param geometry The convolution.
 * @returns dW, row-major `[filterHeight, filterWidth, inChannels, outChannels]`.
 */
export function conv2dBackpropFilterReference(
  x: Float32Array,
  dy: Float32Array,
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
  const dw = new Float64Array(KH * KW * C * CO);
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
              const v = x[((n * H + ih) * W + iw) * C + c];
              const w = ((kh * KW + kw) * C + c) * CO;
              for (let co = 0; co < CO; co++) dw[w + co] += v * dy[g + co];
            }
          }
        }
      }
    }
  }
  return Float32Array.from(dw);
}
