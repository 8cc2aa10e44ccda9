import { Buffer } from "node:buffer";

/** Base64 to bytes (node:buffer, built into Deno; @std/encoding is on JSR, out of reach). */
export function decodeBase64(text: string): Uint8Array {
  const buf = Buffer.from(text, "base64");
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
