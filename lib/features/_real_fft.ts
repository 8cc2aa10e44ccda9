/**
 * Real FFTs. {@linkcode RealFft32} serves the feature hot path through PFFFT's WASM SIMD build
 * (`@echogarden/pffft-wasm`): 130 frames of 2048 take ~0.7 ms against
 * ~3 ms with fft.js, and the STFT is most of serlab's per-file feature
 * budget. PFFFT is single precision where numpy's is double: fine for
 * magnitudes (the log-mel parity tests bound it), not for the phase
 * vocoder, whose phase differences amplify float32 noise in quiet bins
 * (measured 7.7 dB max against librosa): {@linkcode RealFft64} (fft.js,
 * float64) serves that. The inverse STFT after the vocoder takes
 * {@linkcode InverseRealFft32}: its input is complex64 and its output is
 * overlap-added into float32 as librosa does, so PFFFT's float32 arithmetic
 * adds rounding of the size librosa's own float32 output has (measured: the
 * pitch-shift parity figures against librosa move by at most 0.00012 dB,
 * either way), and it is twice as fast as {@linkcode InverseRealFft64},
 * which serves sizes below PFFFT's minimum.
 *
 * @module
 */
import FFT from "fft.js";
import { pffft, PFFFT_BACKWARD, PFFFT_FORWARD, PFFFT_REAL } from "../_wasm/pffft.ts";

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

/**
 * Float64 real FFT through fft.js, for phase-sensitive work.
 *
 * From size 4 on it packs the frame as a half-size complex signal
 * z[m] = x[2m] + i·x[2m+1] and untangles that transform Z into the
 * spectrum, X[k] = (Z[k] + conj Z[M−k])/2 − i·e^{−2πik/size}·(Z[k] − conj Z[M−k])/2
 * with M = size/2: 1.5x faster than fft.js's `realTransform`, which the
 * phase vocoder's STFT spends most of its time in. The real parts are
 * never −0 (an all-zero frame gives +0 everywhere), as `realTransform` and
 * numpy give: the vocoder's angle of −0 + 0i would be pi, not 0.
 */
export class RealFft64 implements RealFft {
  readonly size: number;
  readonly input: Float64Array;
  #fft: FFT;
  #packed: Float64Array;
  #output: Float64Array;
  #cos: Float64Array;
  #sin: Float64Array;

  /** @param size A power of two ≥ 2. */
  constructor(size: number) {
    this.size = size;
    this.input = new Float64Array(size);
    this.#output = new Float64Array(size >= 4 ? size + 2 : 2 * size);
    const half = size >= 4 ? size / 2 : size; // below 4, fft.js's realTransform of the full size
    this.#fft = new FFT(half);
    this.#packed = new Float64Array(2 * half);
    [this.#cos, this.#sin] = twiddles(size, half);
  }

  transform(): Float64Array {
    const output = this.#output;
    if (this.size < 4) {
      this.#fft.realTransform(output, this.input);
      return output; // fft.js fills bins 0..size/2 interleaved
    }
    const half = this.size / 2;
    const z = this.#packed;
    this.#fft.transform(z, this.input); // the frame read as `half` complex samples
    const cos = this.#cos;
    const sin = this.#sin;
    output[0] = z[0] + z[1] + 0; // + 0 turns −0 into +0
    output[1] = 0;
    output[2 * half] = z[0] - z[1] + 0;
    output[2 * half + 1] = 0;
    for (let k = 1; k < half; k++) {
      const zr = z[2 * k];
      const zi = z[2 * k + 1];
      const wr = z[2 * (half - k)];
      const wi = z[2 * (half - k) + 1];
      // E = (Z[k] + conj Z[M−k])/2, O = (Z[k] − conj Z[M−k])/(2i), X = E + e^{−2πik/size}·O
      const oddRe = zi + wi;
      const oddIm = wr - zr;
      output[2 * k] = 0.5 * (zr + wr + cos[k] * oddRe + sin[k] * oddIm) + 0;
      output[2 * k + 1] = 0.5 * (zi - wi + cos[k] * oddIm - sin[k] * oddRe);
    }
    return output;
  }
}

/** Float32 real FFT through PFFFT's WASM SIMD build, for magnitudes. */
export class RealFft32 implements RealFft {
  /** Transform size. */
  readonly size: number;
  #plan: PffftPlan;
  #spectrum: Float32Array;

  /** @param size A power of two ≥ 32 (PFFFT's SIMD limit). */
  constructor(size: number) {
    this.size = size;
    this.#spectrum = new Float32Array(size + 2);
    this.#plan = new PffftPlan(size, "a real FFT");
  }

  get input(): Float32Array {
    return this.#plan.input();
  }

  transform(): Float32Array {
    // PFFFT packs [DC, Nyquist, re₁, im₁, …]; unpack to the common layout.
    const packed = this.#plan.run(PFFFT_FORWARD);
    const spectrum = this.#spectrum;
    spectrum.set(packed.subarray(2), 2);
    spectrum[0] = packed[0];
    spectrum[1] = 0;
    spectrum[this.size] = packed[1];
    spectrum[this.size + 1] = 0;
    return spectrum;
  }
}

/**
 * An inverse real FFT of one size, unnormalized as FFTW's and PFFFT's are:
 * `size` times numpy's `irfft` (the imaginary parts of bins 0 and size/2
 * are ignored).
 */
export interface InverseRealFft {
  /** Transform size. */
  readonly size: number;
  /**
   * Inverse-transforms the bins `real[offset + k] + i·imag[offset + k]`,
   * k = 0..size/2.
   *
   * @returns `size` samples times `size`, valid until the next call.
   */
  transform(real: Float32Array, imag: Float32Array, offset: number): Float32Array | Float64Array;
}

/**
 * Float64 inverse real FFT through fft.js.
 *
 * Written by hand on fft.js because fft.js has no inverse real transform and
 * its complex inverse of the full size costs 2.5x a half-size forward
 * complex transform. The standard packing: with M = size/2,
 * E[k] = X[k] + X[k+M] and O[k] = (X[k] − X[k+M])·e^{2πik/size} (where
 * X[k+M] = conj X[M−k]), the size-M inverse transform of E + iO holds the
 * even samples in its real parts and the odd ones in its imaginary parts,
 * interleaved as the output wants them. That inverse is taken as
 * conj(FFT(conj(E + iO))), so fft.js's forward transform does the work.
 */
export class InverseRealFft64 implements InverseRealFft {
  readonly size: number;
  #fft: FFT;
  #packed: Float64Array;
  #output: Float64Array;
  #cos: Float64Array;
  #sin: Float64Array;

  /** @param size A power of two ≥ 2. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
      throw new RangeError(
        `Cannot set up an inverse real FFT as size must be a power of two >= 2: current value is ${size}`,
      );
    }
    this.size = size;
    const half = size / 2;
    this.#fft = new FFT(Math.max(half, 2)); // unused for size 2, written out below
    this.#packed = new Float64Array(size);
    this.#output = new Float64Array(size);
    [this.#cos, this.#sin] = twiddles(size, half);
  }

  transform(real: Float32Array, imag: Float32Array, offset: number): Float64Array {
    const half = this.size / 2;
    const output = this.#output;
    if (half === 1) {
      output[0] = real[offset] + real[offset + 1];
      output[1] = real[offset] - real[offset + 1];
      return output;
    }
    const packed = this.#packed;
    const cos = this.#cos;
    const sin = this.#sin;
    for (let k = 0; k < half; k++) {
      const ar = real[offset + k];
      const ai = k === 0 ? 0 : imag[offset + k];
      const br = real[offset + half - k]; // X[k + M] = conj X[M − k]
      const bi = k === 0 ? 0 : -imag[offset + half - k];
      const dr = ar - br;
      const di = ai - bi;
      const oddRe = dr * cos[k] - di * sin[k];
      const oddIm = dr * sin[k] + di * cos[k];
      packed[2 * k] = ar + br - oddIm; // conj(E + iO)
      packed[2 * k + 1] = -(ai + bi + oddRe);
    }
    this.#fft.transform(output, packed);
    for (let i = 1; i < this.size; i += 2) output[i] = -output[i];
    return output;
  }
}

/** Float32 inverse real FFT through PFFFT's WASM SIMD build. */
export class InverseRealFft32 implements InverseRealFft {
  readonly size: number;
  #plan: PffftPlan;

  /** @param size A power of two ≥ 32 (PFFFT's SIMD limit). */
  constructor(size: number) {
    this.size = size;
    this.#plan = new PffftPlan(size, "an inverse real FFT");
  }

  transform(real: Float32Array, imag: Float32Array, offset: number): Float32Array {
    const half = this.size / 2;
    const packed = this.#plan.input();
    // PFFFT's order: [DC, Nyquist, re₁, im₁, …]
    packed[0] = real[offset];
    packed[1] = real[offset + half];
    for (let k = 1; k < half; k++) {
      packed[2 * k] = real[offset + k];
      packed[2 * k + 1] = imag[offset + k];
    }
    return this.#plan.run(PFFFT_BACKWARD);
  }
}

/**
 * cos and sin of 2πk/size for k < count: the twiddles both float64 classes
 * untangle their half-size transforms with.
 */
function twiddles(size: number, count: number): [Float64Array, Float64Array] {
  const cos = new Float64Array(count);
  const sin = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / size);
    sin[k] = Math.sin((2 * Math.PI * k) / size);
  }
  return [cos, sin];
}

/** A PFFFT real transform of one size, with its input, output and work buffers on PFFFT's heap. */
class PffftPlan {
  readonly size: number;
  #setup: number;
  #input: number;
  #output: number;
  #work: number;

  /**
   * @param size A power of two ≥ 32.
   * @param what The transform, for the error message, e.g. `"a real FFT"`.
   */
  constructor(size: number, what: string) {
    this.size = size;
    this.#setup = pffft._pffft_new_setup(size, PFFFT_REAL);
    if (this.#setup === 0) throw new RangeError(`Cannot set up ${what} of size ${size}`);
    this.#input = pffft._pffft_aligned_malloc(size * 4);
    this.#output = pffft._pffft_aligned_malloc(size * 4);
    this.#work = pffft._pffft_aligned_malloc(size * 4);
  }

  /** The input buffer (re-made each call: PFFFT's memory may have grown). */
  input(): Float32Array {
    return new Float32Array(pffft.HEAPF32.buffer, this.#input, this.size);
  }

  /** Transforms the input in `direction`, PFFFT-ordered; returns the output buffer. */
  run(direction: number): Float32Array {
    pffft._pffft_transform_ordered(this.#setup, this.#input, this.#output, this.#work, direction);
    return new Float32Array(pffft.HEAPF32.buffer, this.#output, this.size);
  }
}
