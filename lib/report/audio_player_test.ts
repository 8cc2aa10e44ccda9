import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { encodeWav } from "../audio/mod.ts";
import { audioPlayer } from "./audio_player.ts";
import { JUPYTER_DISPLAY } from "./display.ts";

Deno.test("audioPlayer() embeds the WAV bytes as a base64 data URL", () => {
  const wav = encodeWav([new Float32Array([0, 0.5, -0.5])], 8000);
  const bundle = audioPlayer(wav)[JUPYTER_DISPLAY]();
  const match = /src="data:audio\/wav;base64,([^"]+)"/.exec(bundle["text/html"]);
  assertEquals(Uint8Array.from(atob(match![1]), (c) => c.charCodeAt(0)), wav);
  assertEquals(bundle["text/plain"], `Audio: (${wav.byteLength} bytes)`);
  JSON.stringify(bundle);
});

Deno.test("audioPlayer() shows named clips side by side with escaped captions", () => {
  const wav = encodeWav([new Float32Array(4)], 8000);
  const bundle = audioPlayer([
    { name: "original", wav },
    { name: "<noise>", wav: wav.subarray(0) },
  ])[JUPYTER_DISPLAY]();
  assertEquals(bundle["text/html"].split("<audio controls").length - 1, 2);
  assertStringIncludes(bundle["text/html"], "&lt;noise&gt;</figcaption>");
  assertEquals(bundle["text/plain"].split("\n"), [
    `Audio: original (${wav.byteLength} bytes)`,
    `Audio: <noise> (${wav.byteLength} bytes)`,
  ]);
});

Deno.test("audioPlayer() encodes a view of a larger buffer, not the whole buffer", () => {
  const buffer = new Uint8Array([0, 82, 73, 70, 70, 0]);
  const html = audioPlayer(buffer.subarray(1, 5))[JUPYTER_DISPLAY]()["text/html"];
  assertStringIncludes(html, "base64,UklGRg==");
});

Deno.test("audioPlayer() rejects an empty list", () => {
  assertThrows(() => audioPlayer([]), RangeError, "audio must not be empty");
});
