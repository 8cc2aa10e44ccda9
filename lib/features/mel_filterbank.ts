import { DEFAULT_CONFIG } from "../config/mod.ts";

/** Options of {@linkcode melFilterbank} (librosa `filters.mel`, Slaney scale and norm). */
export interface MelFilterbankOptions {
  /** Sample rate in Hz. @default {22050} */
  sampleRate?: number;
  /** FFT size; the filterbank has 1 + nFft/2 columns. @default {2048} */
  nFft?: number;
  /** Number of mel bands (rows). @default {128} */
  nMels?: number;
  /** Lowest edge in Hz. @default {0} */
  fmin?: number;
  /** Highest edge in Hz; `null` means sampleRate / 2. @default {null} */
  fmax?: number | null;
}

/** A mel filterbank, row-major [nMels, nBins], with each row's non-zero span. */
export interface MelFilterbank {
  /** Weights, shape [nMels, nBins], row-major float32. */
  weights: Float32Array;
  nMels: number;
  nBins: number;
  /** First non-zero bin of each row (`nBins` for an empty row). */
  start: Int32Array;
  /** One past the last non-zero bin of each row. */
  end: Int32Array;
}

const F_SP = 200 / 3; // Slaney: 66.67 Hz per mel below 1 kHz
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

/** Hz to mel on the Slaney scale (linear below 1 kHz, logarithmic above), as librosa. */
export function hzToMel(hz: number): number {
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
}

/** Mel to Hz on the Slaney scale, as librosa. */
export function melToHz(mel: number): number {
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/** numpy.linspace(start, stop, num), bit for bit. */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}

/**
 * Builds the mel filterbank of `librosa.filters.mel` (Slaney mel scale,
 * triangles between nMels + 2 mel-spaced edges, area normalisation
 * 2 / (f[i+2] − f[i])), computed in float64 and stored as float32.
 *
 * @param options Rate, FFT size, bands and edges.
 * @returns Weights [nMels, 1 + nFft/2] with each row's non-zero span.
 *
 * @example Shape and the first filter's peak
 * ```ts
 * import { melFilterbank } from "./mel_filterbank.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const fb = melFilterbank({ nMels: 40, nFft: 512, sampleRate: 16000 });
 * assertEquals([fb.nMels, fb.nBins], [40, 257]);
 * assertEquals(fb.weights.length, 40 * 257);
 * ```
 */
export function melFilterbank(options: MelFilterbankOptions = {}): MelFilterbank {
  const {
    sampleRate = DEFAULT_CONFIG.audio.sampleRate,
    nFft = DEFAULT_CONFIG.features.nFft,
    nMels = DEFAULT_CONFIG.features.nMels,
    fmin = DEFAULT_CONFIG.features.fmin,
    fmax = DEFAULT_CONFIG.features.fmax,
  } = options;
  if (!(sampleRate > 0)) {
    throw new RangeError(
      `Cannot build mel filterbank as sampleRate must be > 0: current value is ${sampleRate}`,
    );
  }
  if (!Number.isInteger(nFft) || nFft < 2) {
    throw new RangeError(
      `Cannot build mel filterbank as nFft must be an integer >= 2: current value is ${nFft}`,
    );
  }
  if (!Number.isInteger(nMels) || nMels <= 0) {
    throw new RangeError(
      `Cannot build mel filterbank as nMels must be > 0: current value is ${nMels}`,
    );
  }
  const top = fmax ?? sampleRate / 2;
  if (!(fmin >= 0 && fmin < top)) {
    throw new RangeError(
      `Cannot build mel filterbank as fmin must lie in [0, fmax): current value is ${fmin}`,
    );
  }
  const nBins = 1 + Math.floor(nFft / 2);
  const fftFreqs = new Float64Array(nBins);
  for (let k = 0; k < nBins; k++) fftFreqs[k] = (k * sampleRate) / nFft; // numpy rfftfreq
  const melEdges = linspace(hzToMel(fmin), hzToMel(top), nMels + 2);
  const hzEdges = melEdges.map(melToHz);
  const weights = new Float32Array(nMels * nBins);
  const start = new Int32Array(nMels).fill(nBins);
  const end = new Int32Array(nMels);
  let empty = 0;
  for (let m = 0; m < nMels; m++) {
    const lowDiff = hzEdges[m + 1] - hzEdges[m];
    const highDiff = hzEdges[m + 2] - hzEdges[m + 1];
    const norm = 2 / (hzEdges[m + 2] - hzEdges[m]);
    for (let k = 0; k < nBins; k++) {
      const lower = -(hzEdges[m] - fftFreqs[k]) / lowDiff;
      const upper = (hzEdges[m + 2] - fftFreqs[k]) / highDiff;
      const w = Math.max(0, Math.min(lower, upper)) * norm;
      if (w > 0) {
        weights[m * nBins + k] = w;
        if (start[m] === nBins) start[m] = k;
        end[m] = k + 1;
      }
    }
    if (start[m] === nBins) empty++;
  }
  if (empty > 0) {
    console.warn(
      `Empty filters detected in mel filterbank (${empty} of ${nMels}): try increasing nFft or reducing nMels`,
    );
  }
  return { weights, nMels, nBins, start, end };
}
