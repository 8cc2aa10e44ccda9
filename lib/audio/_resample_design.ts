/**
 * Filter design of serlab's resampler: the numbers libsoxr 0.1.3 picks for
 * its HQ recipe (`SOXR_HQ`, 20 bits, linear phase), which is what
 * `librosa.resample` uses by default.
 *
 * soxr resamples in two stages, and so do we (`SOXR_TRACE=3` prints its
 * plan; for 48000 → 22050 Hz: a 445-tap FIR at 48 kHz, then a 14-tap
 * polyphase interpolator with 147 phases):
 *
 * 1. a sharp linear-phase low-pass, the *prefilter*, run by FFT at the
 *    input rate (×2 when the ratio is below 2, the *stage rate*); it owns the
 *    whole frequency response: flat to 0.9137 of the lower Nyquist, about
 *    132 dB down from the lower Nyquist on;
 * 2. a short Kaiser-windowed-sinc *interpolator* that reads the
 *    prefiltered signal at the output times, exact phases for rational
 *    ratios and an interpolated phase table otherwise. Its cutoff sits far
 *    above the signal band, so it only has to reject images; it droops by
 *    about 0.01 dB at the passband end, as soxr's does.
 *
 * When the stage rate is an integer multiple of the output rate (44100 →
 * 22050, 11025 → 22050) the prefilter alone is the resampler, as in soxr.
 *
 * We follow soxr's design rules (band edges, attenuation budget, Kaiser
 * windows) with our own formulas, calibrated so the filters come out the
 * same length and shape; outputs then agree with libsoxr to float32
 * rounding in the passband (see `resample_test.ts`).
 *
 * @module
 */

/** soxr HQ's passband end as a fraction of the lower Nyquist: `soxr_quality_spec(SOXR_HQ, 0).passband_end`. */
export const PASSBAND_END = 0.9137436532733066;

/** Bits of precision of soxr's HQ recipe. */
const PRECISION_BITS = 20;
const DB_PER_BIT = 20 * Math.log10(2);

/**
 * Kaiser β of the prefilter, as libsoxr picks it for HQ (from its trace):
 * its own fit lies a little above the textbook 0.1102·(A − 8.7) (13.64 for
 * 132.45 dB), and the difference moves transition-band samples by up to
 * 3e-5, so we use soxr's values.
 */
const PREFILTER_BETA_TWO_STAGE = 13.7112;
const PREFILTER_BETA_ONE_STAGE = 13.04;

/** Kaiser β of soxr's 20-bit polyphase interpolators (a constant in its tables). */
const INTERPOLATOR_BETA = 14.0586;

/**
 * soxr places the interpolator's passband end so that the response is
 * −0.01 dB at the prefilter's passband end ("rolloff small"); for a Kaiser
 * filter of this attenuation that point lies this fraction of the way
 * into the transition band (derived from soxr's trace for 48 k → 22.05 k,
 * and it reproduces its band edges for every ratio we checked).
 */
const ROLLOFF_POINT = 0.125786;

/**
 * Above this many phases a rational ratio goes through the interpolated
 * table instead (soxr's limit is 2048 too).
 */
export const MAX_EXACT_PHASES = 2048;

/** Phases of the interpolated table for irrational ratios: linear interpolation between them stays below −130 dB. */
export const TABLE_PHASES = 2048;

/** The interpolator: a Kaiser-windowed sinc centred on 0, in stage-rate samples. */
export interface InterpolatorDesign {
  /** Non-zero taps per output (the kernel spans (−taps/2, taps/2)). */
  taps: number;
  /** Cutoff as a fraction of the stage rate's Nyquist. */
  cutoff: number;
  /** Kaiser β. */
  beta: number;
}

/** Where output samples fall on the stage-rate grid. */
export type ResampleStep =
  /** Output n at stage time n·num/den exactly (den phases). */
  | { kind: "rational"; num: number; den: number }
  /** Output n at stage time n·step (float64). */
  | { kind: "real"; step: number };

/** A complete two-stage (or one-stage) resampler design. */
export interface ResamplerDesign {
  fromRate: number;
  toRate: number;
  /** Zeros stuffed between input samples before the prefilter: 1 or 2. */
  upFactor: number;
  /** Rate of the prefilter's output, upFactor·fromRate. */
  stageRate: number;
  /** Prefilter taps (odd count, linear phase, DC gain upFactor). */
  prefilter: Float64Array;
  /** Stop-band attenuation the prefilter is designed for, dB. */
  attenuation: number;
  /** Integer stage-rate/toRate when the prefilter output only needs picking, else null. */
  decimation: number | null;
  /** The interpolator, or null when `decimation` is set. */
  interpolator: InterpolatorDesign | null;
  /** Output timing, when `interpolator` is set. */
  step: ResampleStep | null;
}

/**
 * Designs the resampler from `fromRate` to `toRate` (Hz, positive, unequal).
 *
 * @param fromRate Input rate in Hz.
 * @param toRate Output rate in Hz.
 * @returns The design.
 */
export function designResampler(fromRate: number, toRate: number): ResamplerDesign {
  const ratio = fromRate / toRate;
  // soxr filters at twice the input rate unless it decimates by 2 or more.
  const upFactor = ratio >= 2 ? 1 : 2;
  const stageRate = upFactor * fromRate;
  const decimation = integerRatio(stageRate, toRate);
  const twoStage = decimation === null;
  // One bit beyond the precision for pass- plus stop-band error, one more
  // when two stages share the budget (soxr's attenuation budget).
  const attenuation = (PRECISION_BITS + 1 + (twoStage ? 1 : 0)) * DB_PER_BIT;
  const beta = twoStage ? PREFILTER_BETA_TWO_STAGE : PREFILTER_BETA_ONE_STAGE;

  // Band edges in cycles per stage-rate sample.
  const nyquist = Math.min(fromRate, toRate) / 2;
  const passEnd = PASSBAND_END * nyquist / stageRate;
  const stopBegin = nyquist / stageRate;
  const taps = roundUpTo1Mod4(kaiserLength(kaiserAttenuation(beta), stopBegin - passEnd));
  const prefilter = kaiserLowpass(taps, (passEnd + stopBegin) / 2, beta, upFactor);

  const common = { fromRate, toRate, upFactor, stageRate, prefilter, attenuation };
  if (!twoStage) return { ...common, decimation, interpolator: null, step: null };
  return {
    ...common,
    decimation: null,
    interpolator: designInterpolator(2 * passEnd, 2 * stopBegin, fromRate > toRate),
    step: outputStep(fromRate, toRate, upFactor),
  };
}

/**
 * The interpolator for a signal band-limited by the prefilter (edges in
 * stage-Nyquist units): it must pass [0, passEnd] and reject the images
 * that fold onto the signal band, from 2 − (the first 70 % of the
 * prefilter's transition band) on, as soxr does.
 */
function designInterpolator(
  passEnd: number,
  stopBegin: number,
  downsampling: boolean,
): InterpolatorDesign {
  const stop = 2 - (passEnd + 0.7 * (stopBegin - passEnd));
  const pass = stop - (stop - passEnd) / (1 - ROLLOFF_POINT);
  const halfTransition = (stop - pass) / 2;
  const perOutput = (kaiserAttenuation(INTERPOLATOR_BETA) - 7.95) / (2.285 * 2 * Math.PI);
  let taps = Math.floor(perOutput / halfTransition) + 1;
  // soxr keeps the count even when decimating (a tap pair per side).
  if (downsampling && taps % 2 === 1) taps += 1;
  return { taps, cutoff: (stop + pass) / 2, beta: INTERPOLATOR_BETA };
}

/** Output timing on the stage-rate grid: exact phases when both rates are integers with few phases. */
function outputStep(fromRate: number, toRate: number, upFactor: number): ResampleStep {
  if (Number.isInteger(fromRate) && Number.isInteger(toRate)) {
    const num = upFactor * fromRate;
    const divisor = gcd(num, toRate);
    const den = toRate / divisor;
    if (den <= MAX_EXACT_PHASES) return { kind: "rational", num: num / divisor, den };
  }
  return { kind: "real", step: upFactor * fromRate / toRate };
}

/** a/b when it is an integer, else null. */
function integerRatio(a: number, b: number): number | null {
  const q = Math.round(a / b);
  return q >= 1 && q * b === a ? q : null;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function roundUpTo1Mod4(n: number): number {
  return Math.ceil((n - 1) / 4) * 4 + 1;
}

/** The stop-band attenuation (dB) a Kaiser window of this β delivers (inverse of 0.1102·(A − 8.7)). */
function kaiserAttenuation(beta: number): number {
  return beta / 0.1102 + 8.7;
}

/** Kaiser's length estimate for attenuation `att` dB and transition width `width` cycles/sample. */
function kaiserLength(att: number, width: number): number {
  return Math.ceil((att - 7.95) / (2.285 * 2 * Math.PI * width) + 1);
}

/**
 * A Kaiser-windowed sinc low-pass of `taps` (odd) taps centred on the middle
 * one, cutoff `cutoff` cycles/sample, scaled by `gain`. The window spans
 * half a sample beyond the end taps, as soxr's single-phase filters do.
 */
export function kaiserLowpass(
  taps: number,
  cutoff: number,
  beta: number,
  gain: number,
): Float64Array {
  const h = new Float64Array(taps);
  const half = (taps - 1) / 2;
  const norm = gain / besselI0(beta);
  for (let i = 0; i < taps; i++) {
    const t = i - half;
    const r = t / (half + 0.5);
    h[i] = 2 * cutoff * sinc(2 * cutoff * t) * besselI0(beta * Math.sqrt(1 - r * r)) * norm;
  }
  return h;
}

/**
 * The interpolator kernel: τ ↦ cutoff·sinc(cutoff·τ) under a Kaiser window
 * spanning (−taps/2, taps/2), τ in stage-rate samples from an output time;
 * its DC gain is 1.
 *
 * @param design The interpolator.
 * @returns The kernel as a function of τ.
 */
export function interpolatorKernel(design: InterpolatorDesign): (tau: number) => number {
  const { taps, cutoff, beta } = design;
  const half = taps / 2;
  const norm = cutoff / besselI0(beta);
  return (tau) => {
    if (!(Math.abs(tau) < half)) return 0;
    const r = tau / half;
    return norm * sinc(cutoff * tau) * besselI0(beta * Math.sqrt(1 - r * r));
  };
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Modified Bessel function of the first kind, order 0, by its power series (fine for x ≤ 30). */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}
