/**
 * Typed-array maths of the filter gradient of an NHWC convolution:
 * `dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·sh + kh − pt, ow·sw + kw − pl, ci] · dy[n, oh, ow, co]`.
 *
 * (`directFilterGrad` in `../../_shared/_conv_testing.ts` is that sum, the
 * definition the tests hold these to.) The kernel computes it as a GEMM,
 * `dW = colsᵀ · dy`, one chunk of images at a time:
 * {@linkcode im2colTransposed} writes the chunk's patches K-major (`[K, P]`,
 * K = kh·kw·ci, P = positions) so that XNNPACK's GEMM can take them as its
 * left operand without a transpose, and the chunk stays in cache.
 *
 * @module
 */
import { type ConvGeometry, tapOutputRange } from "../../_shared/_conv_geometry.ts";

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
      const [owLo, owHi] = tapOutputRange(OW, sw, pl, kw, W);
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
 * Writes one-channel images with their padding spelled out, as
 * `filterGrad3x3Mono` in `_simd_kernels.wat` reads them: image `n` of x
 * becomes rows `outHeight + kh − 1` of `outWidth + kw − 1` floats.
 *
 * @param x Input, row-major `[batch, inHeight, inWidth, 1]`.
 * @param geometry The convolution (stride 1, one input channel).
 * @param firstImage First image to write.
 * @param imageCount Images to write.
 * @param out Row-major `[imageCount, outHeight + kh − 1, outWidth + kw − 1]`.
 */
export function padImagesMono(
  x: Float32Array,
  geometry: ConvGeometry,
  firstImage: number,
  imageCount: number,
  out: Float32Array,
): void {
  const { inHeight: H, inWidth: W, padTop, padLeft } = geometry;
  const rows = geometry.outHeight + geometry.filterHeight - 1;
  const cols = geometry.outWidth + geometry.filterWidth - 1;
  out.fill(0, 0, imageCount * rows * cols);
  for (let i = 0; i < imageCount; i++) {
    const image = (firstImage + i) * H * W;
    for (let ih = Math.max(0, -padTop); ih < Math.min(H, rows - padTop); ih++) {
      const iwLo = Math.max(0, -padLeft);
      const iwHi = Math.min(W, cols - padLeft);
      if (iwHi <= iwLo) continue;
      out.set(
        x.subarray(image + ih * W + iwLo, image + ih * W + iwHi),
        (i * rows + ih + padTop) * cols + iwLo + padLeft,
      );
    }
  }
}
