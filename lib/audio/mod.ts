/**
 * Audio: read WAV files into float samples, resample as librosa does
 * (soxr HQ quality), and cut the fixed-length window features are made of.
 *
 * @example Load the default 3 s window at 22050 Hz
 * ```ts ignore
 * import { loadAudio } from "./mod.ts";
 * const y = await loadAudio("data/ravdess/Actor_01/03-01-01-01-01-01-01.wav");
 * console.log(y.length); // 66150
 * ```
 *
 * @module
 */
export * from "./decode_wav.ts";
export * from "./encode_wav.ts";
export * from "./fix_length.ts";
export * from "./load_audio.ts";
export * from "./resample.ts";
export * from "./wav_format_error.ts";
