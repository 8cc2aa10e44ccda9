/**
 * Thrown when bytes are not a WAV serlab can read. Callers branch on it to
 * report one line for a bad file and go on with the others.
 *
 * @example
 * ```ts
 * import { WavFormatError } from "./wav_format_error.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const error = new WavFormatError("a.wav", "no data chunk");
 * assertEquals(error.message, "Cannot read a.wav: no data chunk");
 * ```
 */
export class WavFormatError extends Error {
  /** The file (or a label for the bytes) that could not be read. */
  readonly path: string;
  /** Why, in a few words. */
  readonly reason: string;

  /**
   * @param path File name or label.
   * @param reason Why it cannot be read.
   */
  constructor(path: string, reason: string) {
    super(`Cannot read ${path}: ${reason}`);
    this.name = "WavFormatError";
    this.path = path;
    this.reason = reason;
  }
}
