import { WavFormatError } from "./wav_format_error.ts";

/** Options of {@linkcode decodeWav}. */
export interface DecodeWavOptions {
  /** Name used in error messages. @default {"<bytes>"} */
  path?: string;
  /** First frame of the window to decode. @default {0} */
  startFrame?: number;
  /** Frames to decode from `startFrame`; fewer if the file ends first. @default {Infinity} */
  frameCount?: number;
}

/** Sample encoding of a WAV file. */
export type WavEncoding = "pcm" | "float";

/** A decoded WAV window, downmixed to mono. */
export interface WavAudio {
  /** Native sample rate in Hz. */
  sampleRate: number;
  /** Channels in the file (the samples are their average). */
  channels: number;
  /** Bits per sample in the file. */
  bitsPerSample: number;
  /** Integer PCM or IEEE float. */
  encoding: WavEncoding;
  /** Frames in the whole file. */
  totalFrames: number;
  /** The window, mono, in [-1, 1) as soundfile scales it; shape [frames]. */
  samples: Float32Array;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Decodes a RIFF/WAVE file: PCM 8/16/24/32-bit or 32-bit float, any number
 * of channels averaged to mono (as `librosa.to_mono`), any extra chunks
 * skipped (RAVDESS files carry an Apple `FLLR` chunk before `data`). Only the
 * requested window of frames is decoded.
 *
 * Hand-written rather than wavefile's `fromBuffer` + `getSamples`: that
 * measured 2–14 ms to parse and ~19 ms to convert one 3.3 s RAVDESS file,
 * four times serlab's whole per-file feature budget; this walks the chunk
 * list and decodes the window straight from a DataView (~0.2 ms). Tests
 * check it against wavefile sample for sample.
 *
 * @param bytes The file's bytes.
 * @param options Window and name for errors.
 * @returns Format facts and the mono window.
 * @throws {WavFormatError} Not a WAV, truncated, no data chunk, unsupported encoding, zero samples.
 *
 * @example A 16-bit stereo file is averaged to mono
 * ```ts
 * import { decodeWav } from "./decode_wav.ts";
 * import { encodeWav } from "./encode_wav.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = encodeWav([new Float32Array([0.5, 0]), new Float32Array([0, 0])], 8000);
 * const audio = decodeWav(bytes);
 * assertEquals([audio.sampleRate, audio.channels], [8000, 2]);
 * assertEquals(Array.from(audio.samples), [0.25, 0]);
 * ```
 */
export function decodeWav(bytes: Uint8Array, options: DecodeWavOptions = {}): WavAudio {
  const { path = "<bytes>", startFrame = 0, frameCount = Infinity } = options;
  const fail = (reason: string): never => {
    throw new WavFormatError(path, reason);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) =>
    String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") {
    fail("not a WAV file (no RIFF/WAVE header)");
  }

  let format: { code: number; channels: number; sampleRate: number; bits: number } | null = null;
  let dataStart = -1;
  let dataBytes = 0;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > bytes.length) fail("truncated fmt chunk");
      let code = view.getUint16(body, true);
      if (code === WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) {
        code = view.getUint16(body + 24, true); // first two bytes of the sub-format GUID
      }
      format = {
        code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === "data") {
      if (body + size > bytes.length) {
        fail(`truncated: data chunk declares ${size} bytes but ${bytes.length - body} remain`);
      }
      dataStart = body;
      dataBytes = size;
      break;
    }
    at = body + size + (size & 1); // chunks are word-aligned
  }
  if (format === null) return fail("no fmt chunk");
  if (dataStart < 0) return fail("no data chunk");
  const { code, channels, sampleRate, bits } = format;
  if (channels < 1) fail("zero channels");
  if (!(sampleRate > 0)) fail("sample rate is 0");
  const encoding: WavEncoding | null = code === WAVE_FORMAT_PCM && [8, 16, 24, 32].includes(bits)
    ? "pcm"
    : code === WAVE_FORMAT_IEEE_FLOAT && bits === 32
    ? "float"
    : null;
  if (encoding === null) {
    return fail(`unsupported encoding (format code ${code}, ${bits} bits)`);
  }
  const bytesPerSample = bits / 8;
  const frameBytes = bytesPerSample * channels;
  const totalFrames = Math.floor(dataBytes / frameBytes);
  if (totalFrames === 0) fail("zero samples");

  const first = Math.min(Math.max(0, startFrame), totalFrames);
  const count = Math.min(totalFrames - first, frameCount);
  const samples = new Float32Array(count);
  if (encoding === "pcm" && bits === 16) {
    decodePcm16(bytes, dataStart + first * frameBytes, channels, samples);
    return { sampleRate, channels, bitsPerSample: bits, encoding, totalFrames, samples };
  }
  const read = sampleReader(view, encoding, bits);
  let offset = dataStart + first * frameBytes;
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++, offset += bytesPerSample) sum += read(offset);
    samples[i] = channels === 1 ? sum : sum / channels;
  }
  return { sampleRate, channels, bitsPerSample: bits, encoding, totalFrames, samples };
}

/**
 * The common case (RAVDESS is 16-bit) through an Int16Array view instead of
 * a DataView call per sample: ~5x faster. Assumes a little-endian host
 * (x86-64, arm64), as WAV data is little-endian.
 */
function decodePcm16(bytes: Uint8Array, start: number, channels: number, out: Float32Array): void {
  const length = out.length * channels;
  const at = bytes.byteOffset + start;
  const pcm = at % 2 === 0
    ? new Int16Array(bytes.buffer, at, length)
    : new Int16Array(bytes.slice(start, start + 2 * length).buffer);
  if (channels === 1) {
    for (let i = 0; i < out.length; i++) out[i] = pcm[i] / 32768;
    return;
  }
  for (let i = 0, j = 0; i < out.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++, j++) sum += pcm[j] / 32768;
    out[i] = sum / channels;
  }
}

/** Scales as libsndfile does when soundfile reads float32: full scale maps to ±1. */
function sampleReader(
  view: DataView,
  encoding: WavEncoding,
  bits: number,
): (offset: number) => number {
  if (encoding === "float") return (o) => view.getFloat32(o, true);
  switch (bits) {
    case 8:
      return (o) => (view.getUint8(o) - 128) / 128;
    case 16:
      return (o) => view.getInt16(o, true) / 32768;
    case 24:
      return (o) =>
        (view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) /
        8388608;
    default:
      return (o) => view.getInt32(o, true) / 2147483648;
  }
}
