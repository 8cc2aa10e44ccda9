/**
 * The shape of one NHWC 2-D convolution, as the typed-array maths of the
 * conv gradient kernels needs it (no tfjs types, so it is testable alone).
 *
 * @module
 */

/** Sizes, strides and leading pads of an NHWC convolution with dilation 1. */
export interface ConvGeometry {
  /** Images in the batch. */
  batch: number;
  /** Input rows. */
  inHeight: number;
  /** Input columns. */
  inWidth: number;
  /** Input channels. */
  inChannels: number;
  /** Output rows. */
  outHeight: number;
  /** Output columns. */
  outWidth: number;
  /** Output channels (filters). */
  outChannels: number;
  /** Filter rows. */
  filterHeight: number;
  /** Filter columns. */
  filterWidth: number;
  /** Step between output rows, in input rows. */
  strideHeight: number;
  /** Step between output columns, in input columns. */
  strideWidth: number;
  /** Implicit zero rows above the input. */
  padTop: number;
  /** Implicit zero columns left of the input. */
  padLeft: number;
}
