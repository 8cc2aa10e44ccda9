/**
 * Reading a WAV file for prediction, every failure as a
 * {@linkcode WavFormatError} naming the file.
 *
 * @module
 */
import { decodeWav, type WavAudio } from "../audio/decode_wav.ts";
import { WavFormatError } from "../audio/wav_format_error.ts";

/** The whole file, decoded to mono at its own rate. */
export async function readClip(path: string): Promise<WavAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    throw new WavFormatError(path, readFailure(error));
  }
  return decodeWav(bytes, { path });
}

function readFailure(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "no such file";
  if (error instanceof Deno.errors.IsADirectory) return "is a folder, not a WAV file";
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  return `cannot read the file (${(error as Error).message})`;
}

/** Turns a signal-level `RangeError` (e.g. a rate resampling cannot reach) into a file error. */
export function asFileError(path: string, error: unknown): unknown {
  return error instanceof RangeError ? new WavFormatError(path, error.message) : error;
}
