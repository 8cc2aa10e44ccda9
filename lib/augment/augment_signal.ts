import { type AugmentConfig, type AugmentVersion, DEFAULT_CONFIG } from "../config/mod.ts";
import type { Gender } from "../dataset/names.ts";
import { pitchShift } from "./pitch_shift.ts";
import { addWhiteNoise } from "./white_noise.ts";

/** Options of {@linkcode augmentSignal}. */
export interface AugmentSignalOptions {
  /** Speaker's gender: male voices go up, female down (the seed's rule). */
  gender: Gender;
  /** Per-clip seed (see {@linkcode clipSeed}). */
  seed: number;
  /** Rate of the signal in Hz. @default {22050} */
  sampleRate?: number;
  /** Amounts and rule. @default {DEFAULT_CONFIG.augment} */
  config?: AugmentConfig;
}

/**
 * Semitones the gender rule gives: +2.5 for male voices, −2.5 for female
 * (config values `maleSemitones` and `femaleSemitones`); with
 * `pitchByGender: false`, `maleSemitones` for every voice.
 *
 * @example
 * ```ts
 * import { genderSemitones } from "./augment_signal.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([genderSemitones("male"), genderSemitones("female")], [2.5, -2.5]);
 * ```
 */
export function genderSemitones(
  gender: Gender,
  config: AugmentConfig = DEFAULT_CONFIG.augment,
): number {
  if (config.pitchByGender === false) return config.maleSemitones;
  return gender === "male" ? config.maleSemitones : config.femaleSemitones;
}

/**
 * Produces one version of a fixed-length clip window for the seed's "3x"
 * training set: the original, with white noise, or pitch-shifted by the
 * gender rule.
 *
 * @param signal The window (after offset, duration and padding), shape [n].
 * @param version Which version.
 * @param options Gender, per-clip seed, rate and amounts.
 * @returns New samples, shape [n] ("original" returns a copy).
 *
 * @example
 * ```ts
 * import { augmentSignal } from "./augment_signal.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const y = new Float32Array(4096).fill(0.25);
 * assertEquals(augmentSignal(y, "original", { gender: "male", seed: 1 }), y);
 * assertEquals(augmentSignal(y, "noise", { gender: "male", seed: 1 }).length, 4096);
 * ```
 */
export function augmentSignal(
  signal: Float32Array,
  version: AugmentVersion,
  options: AugmentSignalOptions,
): Float32Array {
  const {
    gender,
    seed,
    sampleRate = DEFAULT_CONFIG.audio.sampleRate,
    config = DEFAULT_CONFIG.augment,
  } = options;
  switch (version) {
    case "original":
      return signal.slice();
    case "noise":
      return addWhiteNoise(signal, { noiseFactor: config.noiseFactor, seed });
    case "pitch":
      return pitchShift(signal, sampleRate, genderSemitones(gender, config));
    default:
      throw new RangeError(`Cannot augment as version is unknown: current value is ${version}`);
  }
}

/**
 * A per-clip, per-version seed from the run's seed and a stable clip key
 * (e.g. the file name): independent of file order and worker count.
 * FNV-1a over the text `${baseSeed}/${clipKey}/${version}`.
 *
 * @example
 * ```ts
 * import { clipSeed } from "./augment_signal.ts";
 * import { assertEquals, assertNotEquals } from "@std/assert";
 *
 * assertEquals(clipSeed(42, "a.wav", "noise"), clipSeed(42, "a.wav", "noise"));
 * assertNotEquals(clipSeed(42, "a.wav", "noise"), clipSeed(43, "a.wav", "noise"));
 * ```
 */
export function clipSeed(baseSeed: number, clipKey: string, version: AugmentVersion): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(`${baseSeed}/${clipKey}/${version}`)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}
