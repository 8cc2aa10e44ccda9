import { decodeAudioWindow, type LoadAudioOptions } from "../audio/mod.ts";
import {
  logMelSpectrogram,
  type LogMelSpectrogramOptions,
  type MelSpectrogram,
} from "./log_mel_spectrogram.ts";

/** Options of {@linkcode clipLogMel}: the audio window and the log-mel settings. */
export interface ClipLogMelOptions extends LoadAudioOptions, LogMelSpectrogramOptions {}

/**
 * A clip's log-mel as serlab's models see it: the fixed-length mono window
 * at the target rate ({@linkcode decodeAudioWindow}), then
 * {@linkcode logMelSpectrogram}. With the defaults: 22050 Hz, offset 0.5 s,
 * 3.0 s → [128, 130].
 *
 * @param wavBytes A WAV file's bytes.
 * @param options Window and feature settings (defaults from `DEFAULT_CONFIG`).
 * @returns Log-mel [nMels, nFrames] row-major.
 * @throws {WavFormatError} When the bytes are not a readable WAV.
 *
 * @example
 * ```ts
 * import { clipLogMel } from "./clip_log_mel.ts";
 * import { encodeWav } from "../audio/mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const tone = Float32Array.from({ length: 48000 }, (_, n) => Math.sin(n / 10));
 * const mel = clipLogMel(encodeWav([tone], 48000), { offset: 0, duration: 1, nMels: 64 });
 * assertEquals([mel.nMels, mel.nFrames], [64, 44]);
 * ```
 */
export function clipLogMel(wavBytes: Uint8Array, options: ClipLogMelOptions = {}): MelSpectrogram {
  return logMelSpectrogram(decodeAudioWindow(wavBytes, options), options);
}
