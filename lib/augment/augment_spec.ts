import { type AugmentConfig, DEFAULT_CONFIG } from "../config/mod.ts";
import type { Gender } from "../dataset/names.ts";
import { clipSeed, genderSemitones } from "./augment_signal.ts";
import { pitchShift } from "./pitch_shift.ts";
import { addWhiteNoise } from "./white_noise.ts";

/** One augmentation a user can name on the command line. */
export type AugmentSpec =
  | { kind: "original" }
  | { kind: "noise" }
  | { kind: "pitch"; semitones: number }
  | { kind: "gender-pitch" };

/**
 * Parses `original`, `noise`, `pitch:<semitones>` or `gender-pitch`.
 *
 * @param text The spec as typed.
 * @returns The parsed spec.
 * @throws {RangeError} For anything else.
 *
 * @example
 * ```ts
 * import { parseAugmentSpec } from "./augment_spec.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(parseAugmentSpec("pitch:-2.5"), { kind: "pitch", semitones: -2.5 });
 * assertEquals(parseAugmentSpec("gender-pitch"), { kind: "gender-pitch" });
 * ```
 */
export function parseAugmentSpec(text: string): AugmentSpec {
  if (text === "original" || text === "noise" || text === "gender-pitch") return { kind: text };
  const match = /^pitch:([+-]?\d+(\.\d+)?)$/.exec(text);
  if (match) return { kind: "pitch", semitones: Number(match[1]) };
  throw new RangeError(
    `Cannot parse augmentation as it must be original, noise, pitch:<semitones> or gender-pitch: current value is "${text}"`,
  );
}

/**
 * A short file-name suffix for a spec: `""`, `.noise`, `.pitch+2.5`.
 *
 * @example
 * ```ts
 * import { augmentSuffix } from "./augment_spec.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(augmentSuffix({ kind: "pitch", semitones: -2.5 }), ".pitch-2.5");
 * ```
 */
export function augmentSuffix(spec: AugmentSpec, gender?: Gender): string {
  switch (spec.kind) {
    case "original":
      return "";
    case "noise":
      return ".noise";
    case "pitch":
      return `.pitch${spec.semitones >= 0 ? "+" : ""}${spec.semitones}`;
    case "gender-pitch":
      return augmentSuffix({ kind: "pitch", semitones: genderSemitones(requireGender(gender)) });
  }
}

/** Options of {@linkcode applyAugmentSpec}. */
export interface ApplyAugmentSpecOptions {
  /** Stable clip key for the per-clip seed (e.g. the file name). */
  clipKey: string;
  /** Run seed. @default {DEFAULT_CONFIG.augment.seed} */
  seed?: number;
  /** Speaker gender; needed by `gender-pitch`. */
  gender?: Gender;
  /** Rate of the signal in Hz. @default {22050} */
  sampleRate?: number;
  /** Amounts and rule. @default {DEFAULT_CONFIG.augment} */
  config?: AugmentConfig;
}

/**
 * Applies a spec to a clip window.
 *
 * @param signal The window, shape [n].
 * @param spec What to do.
 * @param options Clip key, seed, gender, rate, amounts.
 * @returns New samples, shape [n].
 */
export function applyAugmentSpec(
  signal: Float32Array,
  spec: AugmentSpec,
  options: ApplyAugmentSpecOptions,
): Float32Array {
  const {
    clipKey,
    seed = DEFAULT_CONFIG.augment.seed,
    gender,
    sampleRate = DEFAULT_CONFIG.audio.sampleRate,
    config = DEFAULT_CONFIG.augment,
  } = options;
  switch (spec.kind) {
    case "original":
      return signal.slice();
    case "noise":
      return addWhiteNoise(signal, {
        noiseFactor: config.noiseFactor,
        seed: clipSeed(seed, clipKey, "noise"),
      });
    case "pitch":
      return pitchShift(signal, sampleRate, spec.semitones);
    case "gender-pitch":
      return pitchShift(signal, sampleRate, genderSemitones(requireGender(gender), config));
  }
}

function requireGender(gender: Gender | undefined): Gender {
  if (gender === undefined) {
    throw new RangeError(
      "Cannot apply gender-pitch as the speaker's gender is unknown (not a RAVDESS name)",
    );
  }
  return gender;
}
