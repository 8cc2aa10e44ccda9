/**
 * Augmentation: the seed project's "3x" versions of a training clip —
 * original, white noise, and pitch shift by gender (male +2.5, female −2.5
 * semitones) — with a librosa-faithful phase vocoder and pitch shift.
 *
 * @example
 * ```ts
 * import { augmentSignal, clipSeed } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const y = new Float32Array(22050).fill(0.1);
 * const noisy = augmentSignal(y, "noise", { gender: "female", seed: clipSeed(42, "clip", "noise") });
 * assertEquals(noisy.length, y.length);
 * ```
 *
 * @module
 */
export * from "./augment_signal.ts";
export * from "./pitch_shift.ts";
export * from "./time_stretch.ts";
export * from "./white_noise.ts";
export * from "./augment_spec.ts";
