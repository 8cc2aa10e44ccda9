/**
 * A direct NHWC convolution for the conv-gradient tests: the definition the
 * gradients are checked against.
 *
 * @module
 */
import type { ConvGeometry } from "./_conv_geometry.ts";

/** Geometry of a conv with the given sizes and "same"-style leading pads. */
export function geometry(
  batch: number,
  inHeight: number,
  inWidth: number,
  inChannels: number,
  outChannels: number,
  filterHeight: number,
  filterWidth: number,
  strideHeight: number,
  strideWidth: number,
  padTop: number,
  padLeft: number,
  padBottom = padTop,
  padRight = padLeft,
): ConvGeometry {
  return {
    batch,
    inHeight,
    inWidth,
    inChannels,
    outChannels,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    padTop,
    padLeft,
    outHeight: Math.floor((inHeight + padTop + padBottom - filterHeight) / strideHeight) + 1,
    outWidth: Math.floor((inWidth + padLeft + padRight - filterWidth) / strideWidth) + 1,
  };
}

/** A short test-step name for `g`. */
export function describe(g: ConvGeometry): string {
  return `x [${g.batch},${g.inHeight},${g.inWidth},${g.inChannels}] ` +
    `w [${g.filterHeight},${g.filterWidth},${g.inChannels},${g.outChannels}] ` +
    `stride [${g.strideHeight},${g.strideWidth}] pad [${g.padTop},${g.padLeft}] ` +
    `y [${g.outHeight},${g.outWidth}]`;
}

/** y = x ⊛ w, in float64. */
export function convolve(x: Float32Array, w: Float32Array, g: ConvGeometry): Float64Array {
  const y = new Float64Array(g.batch * g.outHeight * g.outWidth * g.outChannels);
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) {
        for (let co = 0; co < g.outChannels; co++) {
          let s = 0;
          for (let kh = 0; kh < g.filterHeight; kh++) {
            const ih = oh * g.strideHeight + kh - g.padTop;
            if (ih < 0 || ih >= g.inHeight) continue;
            for (let kw = 0; kw < g.filterWidth; kw++) {
              const iw = ow * g.strideWidth + kw - g.padLeft;
              if (iw < 0 || iw >= g.inWidth) continue;
              for (let c = 0; c < g.inChannels; c++) {
                s += x[((n * g.inHeight + ih) * g.inWidth + iw) * g.inChannels + c] *
                  w[((kh * g.filterWidth + kw) * g.inChannels + c) * g.outChannels + co];
              }
            }
          }
          y[((n * g.outHeight + oh) * g.outWidth + ow) * g.outChannels + co] = s;
        }
      }
    }
  }
  return y;
}

/** Σ a·b in float64. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The geometries the conv tests run: odd sizes, strides 1–3, valid and same pads. */
export const TEST_GEOMETRIES: ConvGeometry[] = [
  geometry(2, 5, 6, 2, 3, 3, 3, 1, 1, 1, 1),
  geometry(2, 5, 6, 2, 3, 3, 3, 1, 1, 0, 0),
  geometry(1, 7, 6, 3, 2, 3, 3, 2, 2, 1, 1),
  geometry(2, 7, 7, 1, 4, 3, 3, 2, 2, 0, 0),
  geometry(1, 6, 7, 2, 2, 2, 3, 1, 2, 0, 1, 1, 1),
  geometry(1, 8, 7, 2, 3, 5, 5, 3, 3, 1, 2, 2, 0),
];
