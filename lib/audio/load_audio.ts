import { DEFAULT_CONFIG } from "../config/mod.ts";
import { decodeWav } from "./decode_wav.ts";
import { fixLength } from "./fix_length.ts";
import { resample } from "./resample.ts";

/** Options of {@linkcode loadAudio} and {@linkcode decodeAudioWindow}. */
export interface LoadAudioOptions {
  /** Target rate in Hz. @default {DEFAULT_CONFIG.audio.sampleRate} (22050) */
  sampleRate?: number;
  /** Window start in seconds. @default {DEFAULT_CONFIG.audio.offset} (0.5) */
  offset?: number;
  /** Window length in seconds; the result has exactly round(duration·sampleRate) samples. @default {DEFAULT_CONFIG.audio.duration} (3.0) */
  duration?: number;
  /** Name used in error messages. @default {"<bytes>"} */
  path?: string;
}

/**
 * Turns WAV bytes into the fixed-length mono window serlab's features use,
 * as `librosa.load(path, sr, mono=True, offset, duration)` then
 * `fix_length`: frames round(offset·sr₀) to +round(duration·sr₀) are read at
 * the native rate sr₀, averaged to mono, resampled as a window, then
 * zero-padded at the end.
 *
 * @param bytes A WAV file's bytes.
 * @param options Rate, window and name.
 * @returns Samples, shape [round(duration·sampleRate)].
 * @throws {WavFormatError} When the bytes are not a readable WAV.
 *
 * @example A short 22050 Hz file is zero-padded to the window
 * ```ts
 * import { decodeAudioWindow } from "./load_audio.ts";
 * import { encodeWav } from "./encode_wav.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = encodeWav([new Float32Array(22050).fill(0.5)], 22050);
 * const y = decodeAudioWindow(bytes, { offset: 0.5, duration: 1 });
 * assertEquals(y.length, 22050);
 * assertEquals([y[0], y[11024], y[11025]], [0.5, 0.5, 0]);
 * ```
 */
export function decodeAudioWindow(bytes: Uint8Array, options: LoadAudioOptions = {}): Float32Array {
  const {
    sampleRate = DEFAULT_CONFIG.audio.sampleRate,
    offset = DEFAULT_CONFIG.audio.offset,
    duration = DEFAULT_CONFIG.audio.duration,
    path,
  } = options;
  if (!(offset >= 0)) {
    throw new RangeError(`Cannot load audio as offset must be >= 0: current value is ${offset}`);
  }
  if (!(duration > 0)) {
    throw new RangeError(`Cannot load audio as duration must be > 0: current value is ${duration}`);
  }
  // Read the header once to learn the native rate, then the window alone.
  const native = decodeWav(bytes, { path, frameCount: 0 }).sampleRate;
  const audio = decodeWav(bytes, {
    path,
    startFrame: Math.round(offset * native),
    frameCount: Math.round(duration * native),
  });
  const window = native === sampleRate
    ? audio.samples
    : resample(audio.samples, native, sampleRate);
  return fixLength(window, Math.round(duration * sampleRate));
}

/**
 * Reads a WAV file and returns its fixed-length mono window; see
 * {@linkcode decodeAudioWindow}.
 *
 * @param path WAV file.
 * @param options Rate and window.
 * @returns Samples, shape [round(duration·sampleRate)].
 */
export async function loadAudio(
  path: string,
  options: Omit<LoadAudioOptions, "path"> = {},
): Promise<Float32Array> {
  return decodeAudioWindow(await Deno.readFile(path), { ...options, path });
}
