import { DEFAULT_CONFIG } from "../config/mod.ts";
import { type ComplexSpectrogram, istft, stft } from "../features/mod.ts";

/** Options of {@linkcode timeStretch} and {@linkcode phaseVocoder}. */
export interface TimeStretchOptions {
  /** FFT size. @default {2048} */
  nFft?: number;
  /** Hop in samples. @default {512} (nFft / 4) */
  hopLength?: number;
}

/**
 * Phase vocoder as `librosa.phase_vocoder` 0.10: for output frame t, read
 * the input at time step t·rate, interpolate magnitudes linearly between
 * the two neighbouring frames and advance the phase by each bin's measured
 * advance. The phase accumulates in float32 and the other arithmetic follows
 * numpy's float32/float64 promotions, so the result matches librosa closely.
 *
 * @param spectrogram Complex STFT, frame-major [nFrames, nBins].
 * @param rate Speed-up factor > 0 (> 1 is faster).
 * @param hopLength Hop the STFT was made with. @default {(nBins − 1) / 2}
 * @returns Stretched complex STFT, [ceil(nFrames / rate), nBins].
 */
export function phaseVocoder(
  spectrogram: ComplexSpectrogram,
  rate: number,
  hopLength: number = (spectrogram.nBins - 1) / 2,
): ComplexSpectrogram {
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new RangeError(`Cannot run phase vocoder as rate must be > 0: current value is ${rate}`);
  }
  const { real, imag, nBins, nFrames } = spectrogram;
  const outFrames = Math.ceil(nFrames / rate);
  const outReal = new Float32Array(outFrames * nBins);
  const outImag = new Float32Array(outFrames * nBins);
  const f32 = Math.fround;
  // Per-frame magnitude and angle in float32, as np.abs / np.angle of complex64.
  const magnitude = new Float32Array((nFrames + 2) * nBins); // two zero frames of padding
  const angle = new Float32Array((nFrames + 2) * nBins);
  for (let i = 0; i < nFrames * nBins; i++) {
    magnitude[i] = Math.hypot(real[i], imag[i]);
    angle[i] = Math.atan2(imag[i], real[i]);
  }
  const phiAdvance = new Float64Array(nBins); // np.linspace(0, pi * hop, nBins)
  const step = (Math.PI * hopLength) / (nBins - 1);
  for (let k = 0; k < nBins; k++) phiAdvance[k] = k * step;
  phiAdvance[nBins - 1] = Math.PI * hopLength;
  const phase = angle.slice(0, nBins); // float32 accumulator
  const twoPi = 2 * Math.PI;
  for (let t = 0; t < outFrames; t++) {
    const time = t * rate; // np.arange(0, nFrames, rate)
    const left = Math.floor(time) * nBins;
    const right = left + nBins;
    const alpha = time % 1;
    const wLeft = f32(1 - alpha);
    const wRight = f32(alpha);
    const out = t * nBins;
    for (let k = 0; k < nBins; k++) {
      const mag = f32(f32(wLeft * magnitude[left + k]) + f32(wRight * magnitude[right + k]));
      outReal[out + k] = f32(f32(Math.cos(phase[k])) * mag);
      outImag[out + k] = f32(f32(Math.sin(phase[k])) * mag);
      let dphase = f32(angle[right + k] - angle[left + k]) - phiAdvance[k];
      dphase -= twoPi * roundHalfEven(dphase / twoPi);
      phase[k] = phase[k] + (phiAdvance[k] + dphase); // stored back as float32
    }
  }
  return { real: outReal, imag: outImag, nBins, nFrames: outFrames };
}

/** numpy.round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Time-stretches a signal by `rate` without changing its pitch, as
 * `librosa.effects.time_stretch`: STFT, {@linkcode phaseVocoder}, inverse
 * STFT to round(n / rate) samples.
 *
 * @param signal Samples, shape [n].
 * @param rate Speed-up factor > 0.
 * @param options FFT size and hop.
 * @returns Samples, shape [round(n / rate)].
 *
 * @example Half speed doubles the length
 * ```ts
 * import { timeStretch } from "./time_stretch.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const y = Float32Array.from({ length: 22050 }, (_, n) => Math.sin(n / 8));
 * assertEquals(timeStretch(y, 0.5).length, 44100);
 * ```
 */
export function timeStretch(
  signal: Float32Array,
  rate: number,
  options: TimeStretchOptions = {},
): Float32Array {
  const {
    nFft = DEFAULT_CONFIG.features.nFft,
    hopLength = Math.floor(nFft / 4),
  } = options;
  const spectrogram = stft(signal, { nFft, hopLength });
  const stretched = phaseVocoder(spectrogram, rate, hopLength);
  return istft(stretched, { hopLength, length: roundHalfEven(signal.length / rate) });
}
