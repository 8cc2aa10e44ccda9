/**
 * One instance of PFFFT's WASM SIMD build (`@echogarden/pffft-wasm`) for the
 * whole process, shared by the resampler's FFT prefilter (`lib/audio`) and
 * the spectra (`lib/features`), with the subset of its C API serlab calls.
 *
 * @module
 */
import PFFFT from "@echogarden/pffft-wasm/simd";

/** The PFFFT functions serlab uses, on the module's heap. */
export interface PffftModule {
  HEAPF32: Float32Array;
  _pffft_new_setup(n: number, kind: number): number;
  _pffft_destroy_setup(setup: number): void;
  _pffft_aligned_malloc(bytes: number): number;
  _pffft_aligned_free(pointer: number): void;
  _pffft_transform(
    setup: number,
    input: number,
    output: number,
    work: number,
    direction: number,
  ): void;
  _pffft_transform_ordered(
    setup: number,
    input: number,
    output: number,
    work: number,
    direction: number,
  ): void;
  _pffft_zconvolve_accumulate(
    setup: number,
    a: number,
    b: number,
    ab: number,
    scaling: number,
  ): void;
}

/** `pffft_transform_t`: real transforms. */
export const PFFFT_REAL = 0;
/** `pffft_direction_t`: forward. */
export const PFFFT_FORWARD = 0;
/** `pffft_direction_t`: backward (unscaled). */
export const PFFFT_BACKWARD = 1;

/** The shared PFFFT instance. */
export const pffft: PffftModule = (await PFFFT()) as PffftModule;
