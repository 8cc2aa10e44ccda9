/**
 * A clip's analysis windows and their log-mels, shared by every predict
 * path (and browser-safe). Each window is cut exactly as
 * `decodeAudioWindow` cuts the training window: frames round(start·sr₀) to
 * +round(duration·sr₀) at the native rate sr₀, resampled as a window, then
 * zero-padded at the end; so the first window's log-mel equals
 * `clipLogMel(bytes)` bit for bit.
 *
 * @module
 */
import { fixLength } from "../audio/fix_length.ts";
import { resample } from "../audio/resample.ts";
import { logMelSpectrogram } from "../features/log_mel_spectrogram.ts";
import type { ModelMetadata } from "../model/model_folder.ts";
import { windowStarts } from "./window_starts.ts";

/** The windows of one clip. */
export interface ClipWindows {
  /** The clip's length in seconds. */
  seconds: number;
  /** Window starts in seconds. */
  starts: number[];
  /** Window ends in seconds (the clip's end when it comes first). */
  ends: number[];
  /** Raw log-mels, row-major [windows, nMels, nFrames]. */
  features: Float32Array;
  /** Peak |sample| of the audio the windows cover (0 for digital silence). */
  peak: number;
}

/**
 * Cuts `signal` (mono, at `sampleRate`) into the model's windows and
 * computes their log-mels.
 */
export function clipWindows(
  signal: Float32Array,
  sampleRate: number,
  metadata: Pick<ModelMetadata, "audio" | "features">,
  hop?: number,
): ClipWindows {
  const { audio, features } = metadata;
  if (signal.length === 0) {
    throw new RangeError("Cannot predict as the signal is empty: current length is 0");
  }
  if (!(sampleRate > 0 && Number.isFinite(sampleRate))) {
    throw new RangeError(
      `Cannot predict as sampleRate must be > 0: current value is ${sampleRate}`,
    );
  }
  const seconds = signal.length / sampleRate;
  const starts = windowStarts(seconds, { offset: audio.offset, duration: audio.duration, hop });
  const frames = Math.round(audio.duration * sampleRate);
  const size = Math.round(audio.duration * audio.sampleRate);
  const melOptions = { ...features, sampleRate: audio.sampleRate };
  let out: Float32Array | null = null;
  let peak = 0;
  starts.forEach((start, k) => {
    const first = Math.min(Math.round(start * sampleRate), signal.length);
    const window = signal.slice(first, Math.min(first + frames, signal.length));
    for (let i = 0; i < window.length; i++) peak = Math.max(peak, Math.abs(window[i]));
    const resampled = sampleRate === audio.sampleRate
      ? window
      : resample(window, sampleRate, audio.sampleRate);
    const mel = logMelSpectrogram(fixLength(resampled, size), melOptions);
    out ??= new Float32Array(starts.length * mel.data.length);
    out.set(mel.data, k * mel.data.length);
  });
  return {
    seconds,
    starts,
    ends: starts.map((s) => Math.min(s + audio.duration, seconds)),
    features: out!,
    peak,
  };
}
