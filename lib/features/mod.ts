/**
 * Features: STFT, Slaney mel filterbank, and the log-mel spectrogram
 * exactly as librosa 0.10 computes it, plus NumPy `.npy` export, and a
 * YIN f0 estimate ({@linkcode estimateF0}) for looking at voices.
 *
 * @example The default log-mel of a 3 s, 22050 Hz window
 * ```ts
 * import { logMelSpectrogram } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const mel = logMelSpectrogram(new Float32Array(66150).fill(0.1));
 * assertEquals([mel.nMels, mel.nFrames], [128, 130]);
 * ```
 *
 * @module
 */
export * from "./log_mel_spectrogram.ts";
export * from "./mel_filterbank.ts";
export * from "./npy.ts";
export * from "./power_to_db.ts";
export * from "./stft.ts";
export * from "./clip_log_mel.ts";
export * from "./istft.ts";
export * from "./estimate_f0.ts";
