/**
 * References for the convolution impl tests: a plain-loop SGEMM with
 * OpenBLAS's calling convention, direct (loop) convolutions, and a set of
 * geometries with odd sizes, strides, paddings and dilations.
 *
 * @module
 */
import type { ConvGeometry } from "../_im2col.ts";
import type { OpenBlas } from "../_openblas.ts";

/** Row-major SGEMM in plain loops (float64 accumulation). */
export const LOOP_BLAS: Pick<OpenBlas, "sgemm"> = {
  sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = transA ? a[p * lda + i] : a[i * lda + p];
          const bv = transB ? b[j * ldb + p] : b[p * ldb + j];
          s += av * bv;
        }
        c[i * ldc + j] = alpha * s + (beta === 0 ? 0 : beta * c[i * ldc + j]);
      }
    }
  },
};

/** Geometry of an NHWC convolution with TF-style 'same' or 'valid' padding. */
export function geometry(
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

/** Geometries covering odd sizes, strides 1 and 2, same and valid padding, dilation, 1×1. */
export const GEOMETRIES: ConvGeometry[] = [
  geometry([2, 9, 7, 3], [3, 3, 4], [1, 1], "same"),
  geometry([2, 9, 7, 3], [3, 3, 4], [1, 1], "valid"),
  geometry([3, 11, 8, 2], [3, 3, 5], [2, 2], "same"),
  geometry([3, 11, 8, 2], [3, 3, 5], [2, 2], "valid"),
  geometry([1, 10, 9, 4], [2, 4, 3], [2, 1], "same"),
  geometry([2, 6, 5, 1], [3, 3, 6], [1, 1], "same"),
  geometry([2, 13, 12, 2], [3, 3, 3], [1, 1], "same", [2, 2]),
  geometry([2, 5, 5, 6], [1, 1, 2], [1, 1], "valid"),
];

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

/** y = conv(x, filter), by definition. */
export function directConv(x: Float32Array, filter: Float32Array, g: ConvGeometry): Float64Array {
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

/** dW and dx of Σ y·dy, by definition. */
export function directConvGrads(
  x: Float32Array,
  filter: Float32Array,
  dy: Float32Array,
  g: ConvGeometry,
): { dw: Float64Array; dx: Float64Array } {
  const dw = new Float64Array(filter.length);
  const dx = new Float64Array(x.length);
  for (const { xi, yi, fi } of taps(g)) {
    for (let ci = 0; ci < g.inChannels; ci++) {
      for (let co = 0; co < g.outChannels; co++) {
        dw[fi + ci * g.outChannels + co] += x[xi + ci] * dy[yi + co];
        dx[xi + ci] += filter[fi + ci * g.outChannels + co] * dy[yi + co];
      }
    }
  }
  return { dw, dx };
}
