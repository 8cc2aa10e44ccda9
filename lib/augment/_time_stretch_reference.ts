/**
 * TEST-ONLY: the phase vocoder as it was before its speed-up (commit
 * 5b75bf2's `lib/augment/time_stretch.ts`), on the built-in `Math.hypot`,
 * `Math.atan2`, `Math.cos` and `Math.sin`. `time_stretch_test.ts` checks
 * that the fast {@linkcode phaseVocoder} equals it value for value; nothing
 * else may import it.
 *
 * @module
 */
import type { ComplexSpectrogram } from "../features/stft.ts";

/** numpy.round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * `librosa.phase_vocoder` 0.10 with float32 storage as numpy's complex64,
 * written plainly on Math.*.
 *
 * @param spectrogram Complex STFT, frame-major [nFrames, nBins].
 * @param rate Speed-up factor > 0.
 * @param hopLength Hop the STFT was made with.
 * @returns Stretched complex STFT, [ceil(nFrames / rate), nBins].
 */
export function referencePhaseVocoder(
  spectrogram: ComplexSpectrogram,
  rate: number,
  hopLength: number,
): ComplexSpectrogram {
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
