/**
 * Base64 for the wasm bytes serlab embeds in TypeScript modules (std/encoding
 * is on JSR, which serlab's machines cannot reach; atob/btoa are enough for a
 * few kilobytes).
 *
 * @module
 */

/**
 * Encodes bytes as base64.
 *
 * @param bytes Any bytes.
 * @returns Their standard (padded) base64 text.
 *
 * @example
 * ```ts
 * import { encodeBase64 } from "./base64.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(encodeBase64(new Uint8Array([0, 97, 115, 109])), "AGFzbQ==");
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * Decodes base64 to bytes.
 *
 * @param text Standard base64 text.
 * @returns The bytes it encodes.
 *
 * @example
 * ```ts
 * import { decodeBase64 } from "./base64.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(decodeBase64("AGFzbQ==")), [0, 97, 115, 109]);
 * ```
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
