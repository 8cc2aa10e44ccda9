import { fixLength, resample } from "../audio/mod.ts";
import { timeStretch, type TimeStretchOptions } from "./time_stretch.ts";

/** Options of {@linkcode pitchShift}. */
export interface PitchShiftOptions extends TimeStretchOptions {
  /** Steps per octave. @default {12} */
  binsPerOctave?: number;
}

/**
 * Shifts pitch by `nSteps` semitones keeping the duration, as
 * `librosa.effects.pitch_shift` 0.10: time-stretch by rate 2^(−nSteps/12)
 * with the phase vocoder, resample from sampleRate/rate back to sampleRate
 * with serlab's soxr-quality resampler, then fix the length.
 *
 * @param signal Samples at `sampleRate`, shape [n].
 * @param sampleRate Rate in Hz.
 * @param nSteps Semitones, positive is up (fractional allowed).
 * @param options Vocoder settings.
 * @returns Samples, shape [n].
 *
 * @example
 * ```ts
 * import { pitchShift } from "./pitch_shift.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const y = Float32Array.from({ length: 22050 }, (_, n) => Math.sin(2 * Math.PI * 440 * n / 22050));
 * assertEquals(pitchShift(y, 22050, 2.5).length, 22050);
 * ```
 */
export function pitchShift(
  signal: Float32Array,
  sampleRate: number,
  nSteps: number,
  options: PitchShiftOptions = {},
): Float32Array {
  const { binsPerOctave = 12, ...stretchOptions } = options;
  if (!Number.isFinite(nSteps)) {
    throw new RangeError(`Cannot shift pitch as nSteps must be finite: current value is ${nSteps}`);
  }
  if (nSteps === 0) return signal.slice();
  const rate = 2 ** (-nSteps / binsPerOctave);
  const stretched = timeStretch(signal, rate, stretchOptions);
  return fixLength(resample(stretched, sampleRate / rate, sampleRate), signal.length);
}
