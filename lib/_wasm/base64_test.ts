import { assertEquals } from "@std/assert";
import { decodeBase64, encodeBase64 } from "./base64.ts";

Deno.test("encodeBase64() and decodeBase64() round-trip every byte value", () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  assertEquals(decodeBase64(encodeBase64(bytes)), bytes);
  assertEquals(encodeBase64(new TextEncoder().encode("wasm")), "d2FzbQ==");
});
