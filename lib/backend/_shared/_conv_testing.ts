/**
 * Convolutions by definition, for both backends' convolution tests: the
 * direct sums the kernels' im2col / GEMM routes must match, geometry
 * builders, and a set of geometries with odd sizes, strides 1 to 3, valid,
 * same and uneven padding, dilation and 1×1 filters.
 *
 * @module
 */
import type { ConvGeometry } from "./_conv_geometry.ts";

/** Geometry of an NHWC convolution with TF-style 'same' or 'valid' padding. */
export function convGeometry(
  [batch, h, w, cin]: number[],
  [fh, fw, cout]: number[],
  stride: [number, number],
  pad: "same" | "valid",
  dilation: [number, number] = [1, 1],
): ConvGeometry {
  const efh = (fh - 1) * dilation[0] + 1, efw = (fw - 1) * dilation[1] + 1;
  const oh = pad === "same" ? Math.ceil(h / stride[0]) : Math.ceil((h - efh + 1) / stride[0]);
  const ow = pad === "same" ? Math.ceil(w / stride[1]) : Math.ceil((w - efw + 1) / stride[1]);
  const padH = pad === "same" ? Math.max((oh - 1) * stride[0] + efh - h, 0) : 0;
  const padW = pad === "same" ? Math.max((ow - 1) * stride[1] + efw - w, 0) : 0;
  return {
    batchSize: batch,
    inHeight: h,
    inWidth: w,
    inChannels: cin,
    outHeight: oh,
    outWidth: ow,
    outChannels: cout,
    filterHeight: fh,
    filterWidth: fw,
    strideHeight: stride[0],
    strideWidth: stride[1],
    dilationHeight: dilation[0],
    dilationWidth: dilation[1],
    padTop: Math.floor(padH / 2),
    padLeft: Math.floor(padW / 2),
  };
}

/** Geometry of a dilation-1 convolution with explicit pads (bottom and right default to top and left). */
export function paddedConvGeometry(
  [batch, inHeight, inWidth, inChannels]: number[],
  [filterHeight, filterWidth, outChannels]: number[],
  [strideHeight, strideWidth]: [number, number],
  [padTop, padLeft, padBottom = padTop, padRight = padLeft]: number[],
): ConvGeometry {
  return {
    batchSize: batch,
    inHeight,
    inWidth,
    inChannels,
    outHeight: Math.floor((inHeight + padTop + padBottom - filterHeight) / strideHeight) + 1,
    outWidth: Math.floor((inWidth + padLeft + padRight - filterWidth) / strideWidth) + 1,
    outChannels,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    dilationHeight: 1,
    dilationWidth: 1,
    padTop,
    padLeft,
  };
}

/** A short test-step name for `g`. */
export function describeConv(g: ConvGeometry): string {
  const dilated = g.dilationHeight !== 1 || g.dilationWidth !== 1;
  return `x [${g.batchSize},${g.inHeight},${g.inWidth},${g.inChannels}] ` +
    `w [${g.filterHeight},${g.filterWidth},${g.inChannels},${g.outChannels}] ` +
    `stride [${g.strideHeight},${g.strideWidth}] pad [${g.padTop},${g.padLeft}] ` +
    (dilated ? `dilation [${g.dilationHeight},${g.dilationWidth}] ` : "") +
    `y [${g.outHeight},${g.outWidth}]`;
}

/** Geometries covering odd sizes, strides 1 to 3, same, valid and uneven padding, dilation, 1×1. */
export const CONV_TEST_GEOMETRIES: readonly ConvGeometry[] = [
  convGeometry([2, 9, 7, 3], [3, 3, 4], [1, 1], "same"),
  convGeometry([2, 9, 7, 3], [3, 3, 4], [1, 1], "valid"),
  convGeometry([3, 11, 8, 2], [3, 3, 5], [2, 2], "same"),
  convGeometry([3, 11, 8, 2], [3, 3, 5], [2, 2], "valid"),
  convGeometry([1, 10, 9, 4], [2, 4, 3], [2, 1], "same"),
  convGeometry([2, 6, 5, 1], [3, 3, 6], [1, 1], "same"),
  convGeometry([2, 13, 12, 2], [3, 3, 3], [1, 1], "same", [2, 2]),
  convGeometry([2, 5, 5, 6], [1, 1, 2], [1, 1], "valid"),
  paddedConvGeometry([2, 5, 6, 2], [3, 3, 3], [1, 1], [1, 1]),
  paddedConvGeometry([2, 5, 6, 2], [3, 3, 3], [1, 1], [0, 0]),
  paddedConvGeometry([1, 7, 6, 3], [3, 3, 2], [2, 2], [1, 1]),
  paddedConvGeometry([2, 7, 7, 1], [3, 3, 4], [2, 2], [0, 0]),
  paddedConvGeometry([1, 6, 7, 2], [2, 3, 2], [1, 2], [0, 1, 1, 1]),
  paddedConvGeometry([1, 8, 7, 2], [5, 5, 3], [3, 3], [1, 2, 2, 0]),
];

/** The (input, output, filter) offsets of every tap of `g` that lands inside the input. */
function* taps(g: ConvGeometry) {
  for (let b = 0; b < g.batchSize; b++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) {
        for (let kh = 0; kh < g.filterHeight; kh++) {
          const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
          if (ih < 0 || ih >= g.inHeight) continue;
          for (let kw = 0; kw < g.filterWidth; kw++) {
            const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
            if (iw < 0 || iw >= g.inWidth) continue;
            const xi = ((b * g.inHeight + ih) * g.inWidth + iw) * g.inChannels;
            const yi = ((b * g.outHeight + oh) * g.outWidth + ow) * g.outChannels;
            const fi = (kh * g.filterWidth + kw) * g.inChannels * g.outChannels;
            yield { xi, yi, fi };
          }
        }
      }
    }
  }
}

/** y = x ⊛ filter, by definition, in float64. */
export function directConv(
  x: ArrayLike<number>,
  filter: ArrayLike<number>,
  g: ConvGeometry,
): Float64Array {
  const y = new Float64Array(g.batchSize * g.outHeight * g.outWidth * g.outChannels);
  for (const { xi, yi, fi } of taps(g)) {
    for (let ci = 0; ci < g.inChannels; ci++) {
      for (let co = 0; co < g.outChannels; co++) {
        y[yi + co] += x[xi + ci] * filter[fi + ci * g.outChannels + co];
      }
    }
  }
  return y;
}

/** dW of ⟨dy, x ⊛ W⟩, by definition, in float64 (HWIO). */
export function directFilterGrad(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  g: ConvGeometry,
): Float64Array {
  const dw = new Float64Array(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels);
  for (const { xi, yi, fi } of taps(g)) {
    for (let ci = 0; ci < g.inChannels; ci++) {
      for (let co = 0; co < g.outChannels; co++) {
        dw[fi + ci * g.outChannels + co] += x[xi + ci] * dy[yi + co];
      }
    }
  }
  return dw;
}

/** dx of ⟨dy, x ⊛ filter⟩, by definition, in float64 (NHWC). */
export function directInputGrad(
  dy: ArrayLike<number>,
  filter: ArrayLike<number>,
  g: ConvGeometry,
): Float64Array {
  const dx = new Float64Array(g.batchSize * g.inHeight * g.inWidth * g.inChannels);
  for (const { xi, yi, fi } of taps(g)) {
    for (let ci = 0; ci < g.inChannels; ci++) {
      for (let co = 0; co < g.outChannels; co++) {
        dx[xi + ci] += filter[fi + ci * g.outChannels + co] * dy[yi + co];
      }
    }
  }
  return dx;
}

/** Σ a·b in float64. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Elements of a tensor of `shape`. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
