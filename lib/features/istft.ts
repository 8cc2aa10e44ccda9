import FFT from "fft.js";
import { DEFAULT_CONFIG } from "../config/mod.ts";
import type { ComplexSpectrogram } from "./stft.ts";
import { hannWindow } from "./stft.ts";

/** Options of {@linkcode istft}. */
export interface IstftOptions {
  /** Hop between frames in samples. @default {512} */
  hopLength?: number;
  /** Frames were centred (librosa `center=True`): drop nFft/2 samples at the start. @default {true} */
  center?: boolean;
  /** Output length in samples; `undefined` keeps every sample the frames cover. @default {undefined} */
  length?: number;
}

/**
 * Inverse STFT as `librosa.istft` 0.10: each frame's inverse real FFT
 * (float64) times the periodic Hann window, overlap-added into a float32
 * buffer in frame order, then divided by the window's summed square
 * wherever that is not tiny.
 *
 * @param spectrogram Complex spectrogram, frame-major [nFrames, 1 + nFft/2].
 * @param options Hop, centring, output length.
 * @returns Samples, shape [length].
 *
 * @example STFT then inverse gives the signal back
 * ```ts
 * import { istft } from "./istft.ts";
 * import { stft } from "./stft.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const y = Float32Array.from({ length: 8000 }, (_, n) => Math.sin(n / 5));
 * const back = istft(stft(y), { length: y.length });
 * assertAlmostEquals(back[4000], y[4000], 1e-5);
 * ```
 */
export function istft(spectrogram: ComplexSpectrogram, options: IstftOptions = {}): Float32Array {
  const { hopLength = DEFAULT_CONFIG.features.hopLength, center = true, length } = options;
  const { real, imag, nBins } = spectrogram;
  const nFft = 2 * (nBins - 1);
  const pad = center ? nFft / 2 : 0;
  let nFrames = spectrogram.nFrames;
  if (length !== undefined) {
    // librosa trims frames that cannot reach the requested length
    nFrames = Math.min(nFrames, Math.ceil((length + 2 * pad) / hopLength));
  }
  const outLength = length ?? nFft + hopLength * (nFrames - 1) - 2 * pad;
  const y = new Float32Array(outLength);
  const window = hannWindow(nFft);
  const fft = new FFT(nFft);
  const spectrum = new Float64Array(2 * nFft);
  const frame = new Float64Array(2 * nFft);
  for (let t = 0; t < nFrames; t++) {
    const row = t * nBins;
    for (let k = 0; k < nBins; k++) {
      spectrum[2 * k] = real[row + k];
      spectrum[2 * k + 1] = imag[row + k];
    }
    spectrum[1] = 0; // irfft ignores the imaginary part of DC and Nyquist
    spectrum[2 * (nBins - 1) + 1] = 0;
    for (let k = nBins; k < nFft; k++) { // Hermitian completion
      spectrum[2 * k] = spectrum[2 * (nFft - k)];
      spectrum[2 * k + 1] = -spectrum[2 * (nFft - k) + 1];
    }
    fft.inverseTransform(frame, spectrum);
    const start = t * hopLength - pad;
    const from = Math.max(0, -start);
    const to = Math.min(nFft, outLength - start);
    for (let i = from; i < to; i++) y[start + i] += window[i] * frame[2 * i];
  }
  // Sum of squared windows over the same frames, accumulated in float32 as librosa does.
  const windowSum = new Float32Array(outLength);
  for (let t = 0; t < nFrames; t++) {
    const start = t * hopLength - pad;
    const from = Math.max(0, -start);
    const to = Math.min(nFft, outLength - start);
    for (let i = from; i < to; i++) windowSum[start + i] += Math.fround(window[i] * window[i]);
  }
  const tiny = 1.1754943508222875e-38; // numpy finfo(float32).tiny
  for (let i = 0; i < outLength; i++) if (windowSum[i] > tiny) y[i] /= windowSum[i];
  return y;
}
