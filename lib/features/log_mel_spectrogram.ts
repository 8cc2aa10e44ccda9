import { DEFAULT_CONFIG } from "../config/mod.ts";
import { type MelFilterbank, melFilterbank, type MelFilterbankOptions } from "./mel_filterbank.ts";
import { powerToDb, type PowerToDbOptions } from "./power_to_db.ts";
import { powerSpectrogram, type StftOptions } from "./stft.ts";

/** Options of {@linkcode melSpectrogram}: STFT and filterbank settings together. */
export interface MelSpectrogramOptions extends StftOptions, MelFilterbankOptions {
  /** Exponent of the magnitude. @default {2} */
  power?: number;
}

/** Options of {@linkcode logMelSpectrogram}. */
export interface LogMelSpectrogramOptions extends MelSpectrogramOptions, PowerToDbOptions {}

/** A mel spectrogram, row-major [nMels, nFrames] float32 (librosa's layout). */
export interface MelSpectrogram {
  data: Float32Array;
  nMels: number;
  nFrames: number;
}

const filterbanks = new Map<string, MelFilterbank>();

function cachedFilterbank(options: MelFilterbankOptions): MelFilterbank {
  const key = JSON.stringify(options);
  let fb = filterbanks.get(key);
  if (!fb) filterbanks.set(key, fb = melFilterbank(options));
  return fb;
}

/**
 * Mel spectrogram as `librosa.feature.melspectrogram`: the power
 * spectrogram times the Slaney mel filterbank. Each band sums only over its
 * filter's non-zero bins.
 *
 * @param signal Samples at `sampleRate`, shape [n].
 * @param options STFT, filterbank and power settings (librosa 0.10 defaults).
 * @returns Mel power, [nMels, 1 + ⌊n / hop⌋] when centred.
 *
 * @example Default shape for a 3 s window at 22050 Hz
 * ```ts
 * import { melSpectrogram } from "./log_mel_spectrogram.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const mel = melSpectrogram(new Float32Array(66150));
 * assertEquals([mel.nMels, mel.nFrames], [128, 130]);
 * ```
 */
export function melSpectrogram(
  signal: Float32Array,
  options: MelSpectrogramOptions = {},
): MelSpectrogram {
  const {
    sampleRate = DEFAULT_CONFIG.audio.sampleRate,
    nFft = DEFAULT_CONFIG.features.nFft,
    hopLength = DEFAULT_CONFIG.features.hopLength,
    center = true,
    power = DEFAULT_CONFIG.features.power,
    nMels = DEFAULT_CONFIG.features.nMels,
    fmin = DEFAULT_CONFIG.features.fmin,
    fmax = DEFAULT_CONFIG.features.fmax,
  } = options;
  const spec = powerSpectrogram(signal, { nFft, hopLength, center, power });
  const fb = cachedFilterbank({ sampleRate, nFft, nMels, fmin, fmax });
  const { nFrames, nBins } = spec;
  const data = new Float32Array(nMels * nFrames);
  for (let m = 0; m < nMels; m++) {
    const from = fb.start[m];
    const to = fb.end[m];
    const weights = fb.weights.subarray(m * nBins, (m + 1) * nBins);
    for (let t = 0; t < nFrames; t++) {
      const row = t * nBins;
      let sum = 0;
      for (let k = from; k < to; k++) sum += weights[k] * spec.data[row + k];
      data[m * nFrames + t] = sum;
    }
  }
  return { data, nMels, nFrames };
}

/**
 * Log-mel spectrogram as librosa 0.10 computes it for SER:
 * `power_to_db(melspectrogram(y), ref=np.max, amin=1e-10, top_db=80)`.
 *
 * @param signal Samples at `sampleRate`, shape [n].
 * @param options STFT, filterbank, power and dB settings (librosa 0.10 defaults).
 * @returns dB values, [nMels, nFrames] row-major, maximum 0.
 *
 * @example A tone's band is the loudest
 * ```ts
 * import { logMelSpectrogram } from "./log_mel_spectrogram.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const y = Float32Array.from({ length: 22050 }, (_, n) => Math.sin(2 * Math.PI * 1000 * n / 22050));
 * const mel = logMelSpectrogram(y);
 * assertEquals([mel.nMels, mel.nFrames], [128, 44]);
 * assertEquals(Math.max(...mel.data), 0);
 * ```
 */
export function logMelSpectrogram(
  signal: Float32Array,
  options: LogMelSpectrogramOptions = {},
): MelSpectrogram {
  const mel = melSpectrogram(signal, options);
  return { ...mel, data: powerToDb(mel.data, options) };
}
