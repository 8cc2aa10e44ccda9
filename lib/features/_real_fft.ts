/**
 * Real FFTs. {@linkcode RealFft32} serves the feature hot path through PFFFT's WASM SIMD build
 * (`@echogarden/pffft-wasm`): 130 frames of 2048 take ~0.7 ms against
 * ~3 ms with fft.js, and the STFT is most of serlab's per-file feature
 * budget. PFFFT is single precision where numpy's is double: fine for
 * magnitudes (the log-mel parity tests bound it), not for the phase
 * vocoder, whose phase differences amplify float32 noise in quiet bins
 * (measured 7.7 dB max against librosa): {@linkcode RealFft64} (fft.js,
 * float64) serves that.
 *
 * @module
 */
import FFT from "fft.js";
import PFFFT from "@echogarden/pffft-wasm/simd";

interface PffftModule {
  HEAPF32: Float32Array;
  _pffft_new_setup(n: number, kind: number): number;
  _pffft_aligned_malloc(bytes: number): number;
  _pffft_transform_ordered(
    setup: number,
    input: number,
    output: number,
    work: number,
    direction: number,
  ): void;
}

const PFFFT_REAL = 0;
const PFFFT_FORWARD = 0;
const pffft = (await PFFFT()) as PffftModule;

/** A forward real FFT of one size: fill `input`, call `transform()`. */
export interface RealFft {
  /** Transform size. */
  readonly size: number;
  /** Where the frame goes (re-read before each frame). */
  readonly input: Float32Array | Float64Array;
  /**
   * Transforms `input`; returns bins 0..size/2 interleaved [re₀, im₀, re₁, im₁, …],
   * valid until the next call.
   */
  transform(): Float32Array | Float64Array;
}

/** Float64 real FFT through fft.js, for phase-sensitive work. */
export class RealFft64 implements RealFft {
  readonly size: number;
  readonly input: Float64Array;
  #fft: FFT;
  #output: Float64Array;

  /** @param size A power of two ≥ 2. */
  constructor(size: number) {
    this.size = size;
    this.input = new Float64Array(size);
    this.#fft = new FFT(size);
    this.#output = new Float64Array(2 * size);
  }

  transform(): Float64Array {
    this.#fft.realTransform(this.#output, this.input);
    return this.#output; // fft.js fills bins 0..size/2 interleaved
  }
}

/** Float32 real FFT through PFFFT's WASM SIMD build, for magnitudes. */
export class RealFft32 implements RealFft {
  /** Transform size. */
  readonly size: number;
  #setup: number;
  #input: number;
  #output: number;
  #work: number;
  #spectrum: Float32Array;

  /** @param size A power of two ≥ 32 (PFFFT's SIMD limit). */
  constructor(size: number) {
    this.size = size;
    this.#spectrum = new Float32Array(size + 2);
    this.#setup = pffft._pffft_new_setup(size, PFFFT_REAL);
    if (this.#setup === 0) throw new RangeError(`Cannot set up a real FFT of size ${size}`);
    this.#input = pffft._pffft_aligned_malloc(size * 4);
    this.#output = pffft._pffft_aligned_malloc(size * 4);
    this.#work = pffft._pffft_aligned_malloc(size * 4);
  }

  get input(): Float32Array {
    return new Float32Array(pffft.HEAPF32.buffer, this.#input, this.size);
  }

  transform(): Float32Array {
    pffft._pffft_transform_ordered(
      this.#setup,
      this.#input,
      this.#output,
      this.#work,
      PFFFT_FORWARD,
    );
    // PFFFT packs [DC, Nyquist, re₁, im₁, …]; unpack to the common layout.
    const packed = new Float32Array(pffft.HEAPF32.buffer, this.#output, this.size);
    const spectrum = this.#spectrum;
    spectrum.set(packed.subarray(2), 2);
    spectrum[0] = packed[0];
    spectrum[1] = 0;
    spectrum[this.size] = packed[1];
    spectrum[this.size + 1] = 0;
    return spectrum;
  }
}
