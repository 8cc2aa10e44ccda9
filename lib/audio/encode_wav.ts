import wavefile from "wavefile";

/** Sample encodings {@linkcode encodeWav} writes: PCM bits, or `"32f"` for IEEE float. */
export type WavBitDepth = "8" | "16" | "24" | "32" | "32f";

/** Options of {@linkcode encodeWav}. */
export interface EncodeWavOptions {
  /** Sample encoding. @default {"16"} */
  bitDepth?: WavBitDepth;
}

/**
 * Encodes channels of samples in [-1, 1] as a WAV file (with wavefile).
 * Integer encodings round and clip to the full-scale range.
 *
 * @param channels One array per channel, all of one length; shape [channels][frames].
 * @param sampleRate Rate in Hz, > 0.
 * @param options Encoding.
 * @returns The file's bytes.
 *
 * @example One second of silence
 * ```ts
 * import { encodeWav } from "./encode_wav.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = encodeWav([new Float32Array(8000)], 8000);
 * assertEquals(bytes.length, 44 + 16000);
 * ```
 */
export function encodeWav(
  channels: Float32Array[],
  sampleRate: number,
  options: EncodeWavOptions = {},
): Uint8Array {
  const { bitDepth = "16" } = options;
  if (channels.length === 0) {
    throw new RangeError("Cannot encode WAV as channels must not be empty: current value is 0");
  }
  if (!(sampleRate > 0)) {
    throw new RangeError(
      `Cannot encode WAV as sampleRate must be > 0: current value is ${sampleRate}`,
    );
  }
  const toStored = storedValue(bitDepth);
  const stored = channels.map((c) => Array.from(c, toStored));
  const wav = new wavefile.WaveFile();
  wav.fromScratch(channels.length, sampleRate, bitDepth, stored);
  return wav.toBuffer();
}

function storedValue(bitDepth: WavBitDepth): (x: number) => number {
  if (bitDepth === "32f") return (x) => x;
  const bits = Number(bitDepth);
  const full = 2 ** (bits - 1);
  const offset = bits === 8 ? full : 0; // 8-bit WAV is unsigned
  return (x) => Math.max(-full, Math.min(full - 1, Math.round(x * full))) + offset;
}
