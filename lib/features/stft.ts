import { type RealFft, RealFft32, RealFft64 } from "./_real_fft.ts";
import { DEFAULT_CONFIG } from "../config/mod.ts";

/** Options of {@linkcode stft} and {@linkcode powerSpectrogram} (librosa 0.10 defaults). */
export interface StftOptions {
  /** FFT size = window length, a power of two. @default {2048} */
  nFft?: number;
  /** Hop between frames in samples. @default {512} */
  hopLength?: number;
  /** Pad nFft/2 zeros on each side so frame t is centred at t·hop (librosa `center=True`, `pad_mode="constant"`). @default {true} */
  center?: boolean;
}

/** A complex spectrogram, row-major [nFrames, nBins] (frame-major for speed). */
export interface ComplexSpectrogram {
  real: Float32Array;
  imag: Float32Array;
  nFrames: number;
  /** 1 + nFft/2. */
  nBins: number;
}

/** A real spectrogram, row-major [nFrames, nBins] (frame-major). */
export interface Spectrogram {
  data: Float32Array;
  nFrames: number;
  nBins: number;
}

const windows = new Map<number, Float64Array>();
const ffts = new Map<string, RealFft>();

function cachedFft(size: number, precision: 32 | 64): RealFft {
  const key = `${size}/${precision}`;
  let fft = ffts.get(key);
  if (!fft) ffts.set(key, fft = precision === 32 ? new RealFft32(size) : new RealFft64(size));
  return fft;
}

/** scipy.signal.get_window("hann", n, fftbins=True): the periodic Hann window, float64. */
export function hannWindow(n: number): Float64Array {
  let w = windows.get(n);
  if (!w) {
    w = new Float64Array(n);
    for (let k = 0; k < n; k++) w[k] = 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / n);
    windows.set(n, w);
  }
  return w;
}

function checkOptions(nFft: number, hopLength: number): void {
  if (!Number.isInteger(nFft) || nFft < 2 || (nFft & (nFft - 1)) !== 0) {
    throw new RangeError(
      `Cannot compute STFT as nFft must be a power of two: current value is ${nFft}`,
    );
  }
  if (!Number.isInteger(hopLength) || hopLength <= 0) {
    throw new RangeError(
      `Cannot compute STFT as hopLength must be an integer > 0: current value is ${hopLength}`,
    );
  }
}

/** Frames of an STFT of `length` samples: 1 + ⌊(length + 2·pad − nFft) / hop⌋. */
export function frameCount(
  length: number,
  nFft: number,
  hopLength: number,
  center = true,
): number {
  const pad = center ? Math.floor(nFft / 2) : 0;
  return Math.max(0, 1 + Math.floor((length + 2 * pad - nFft) / hopLength));
}

/** How to cut a signal into frames (see {@linkcode framing}). */
interface Framing {
  pad: number;
  nFrames: number;
  window: Float64Array | Float32Array;
}

/** Checks the options and the signal's length; the frame count, centring pad and window. */
function framing(signal: Float32Array, nFft: number, hopLength: number, center: boolean): Framing {
  checkOptions(nFft, hopLength);
  const pad = center ? nFft / 2 : 0;
  const paddedLength = signal.length + 2 * pad;
  if (paddedLength < nFft) {
    throw new RangeError(
      `Cannot compute STFT as the signal is shorter than nFft: current length is ${signal.length}`,
    );
  }
  return {
    pad,
    nFrames: frameCount(signal.length, nFft, hopLength, center),
    window: hannWindow(nFft),
  };
}

/**
 * The real FFT of windowed frame `t`, interleaved [re₀, im₀, …,
 * re_{nFft/2}, im_{nFft/2}] (valid until the next transform).
 *
 * Callers loop over frames themselves rather than pass a callback: a fresh
 * closure per call made V8 re-optimise the frame body on every STFT (~60
 * optimising compiles per feature worker, on the other worker's core).
 */
function frameSpectrum(
  signal: Float32Array,
  t: number,
  hopLength: number,
  { pad, window }: Framing,
  fft: RealFft,
): Float32Array | Float64Array {
  const frame = fft.input; // re-read: WASM memory may have grown
  const nFft = frame.length;
  const begin = t * hopLength - pad; // index into the unpadded signal
  const from = Math.max(0, -begin); // zero padding outside the signal
  const to = Math.min(nFft, signal.length - begin);
  frame.fill(0, 0, from);
  for (let i = from; i < to; i++) frame[i] = signal[begin + i] * window[i];
  frame.fill(0, Math.max(from, to));
  return fft.transform();
}

/**
 * Short-time Fourier transform as `librosa.stft` (periodic Hann window,
 * zero padding when centred), stored as complex64.
 *
 * @param signal Samples, shape [n].
 * @param options FFT size, hop, centring.
 * @returns Complex spectrogram, frame-major [nFrames, 1 + nFft/2].
 *
 * @example Frame count with centring
 * ```ts
 * import { stft } from "./stft.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const s = stft(new Float32Array(66150));
 * assertEquals([s.nFrames, s.nBins], [130, 1025]);
 * ```
 */
export function stft(signal: Float32Array, options: StftOptions = {}): ComplexSpectrogram {
  const {
    nFft = DEFAULT_CONFIG.features.nFft,
    hopLength = DEFAULT_CONFIG.features.hopLength,
    center = true,
  } = options;
  const nBins = nFft / 2 + 1;
  const framed = framing(signal, nFft, hopLength, center);
  const real = new Float32Array(framed.nFrames * nBins);
  const imag = new Float32Array(framed.nFrames * nBins);
  // float64 FFT, as numpy: the phase vocoder is sensitive to phase noise
  const fft = cachedFft(nFft, 64);
  for (let t = 0; t < framed.nFrames; t++) {
    const spectrum = frameSpectrum(signal, t, hopLength, framed, fft);
    for (let k = 0, row = t * nBins; k < nBins; k++) {
      real[row + k] = spectrum[2 * k];
      imag[row + k] = spectrum[2 * k + 1];
    }
  }
  return { real, imag, nFrames: framed.nFrames, nBins };
}

/**
 * |STFT|^power as librosa computes it for `melspectrogram`: the complex64
 * magnitude, then the power in float32.
 *
 * @param signal Samples, shape [n].
 * @param options FFT size, hop, centring, and `power` (@default {2}).
 * @returns Spectrogram, frame-major [nFrames, 1 + nFft/2].
 *
 * @example A DC signal has its energy in bin 0
 * ```ts
 * import { powerSpectrogram } from "./stft.ts";
 * import { assert } from "@std/assert";
 *
 * const s = powerSpectrogram(new Float32Array(4096).fill(1), { nFft: 256, hopLength: 64 });
 * const mid = 20 * s.nBins;
 * assert(s.data[mid] > 1000 * s.data[mid + 5]);
 * ```
 */
export function powerSpectrogram(
  signal: Float32Array,
  options: StftOptions & { power?: number } = {},
): Spectrogram {
  const {
    nFft = DEFAULT_CONFIG.features.nFft,
    hopLength = DEFAULT_CONFIG.features.hopLength,
    center = true,
    power = DEFAULT_CONFIG.features.power,
  } = options;
  const nBins = nFft / 2 + 1;
  const framed = framing(signal, nFft, hopLength, center);
  const nFrames = framed.nFrames;
  const data = new Float32Array(nFrames * nBins);
  // float32 SIMD FFT: magnitudes tolerate it and it is 4x faster
  const fft = cachedFft(nFft, nFft >= 32 ? 32 : 64);
  for (let t = 0; t < nFrames; t++) {
    const spectrum = frameSpectrum(signal, t, hopLength, framed, fft);
    const row = t * nBins;
    for (let k = 0; k < nBins; k++) {
      // complex64 storage, then |S| and S**power in float32, as numpy does
      const re = spectrum[2 * k];
      const im = spectrum[2 * k + 1];
      const magnitude = Math.fround(Math.sqrt(re * re + im * im));
      data[row + k] = power === 2 ? magnitude * magnitude : magnitude ** power;
    }
  }
  return { data, nFrames, nBins };
}
