import { assertEquals, assertRejects } from "@std/assert";
import { initBackend } from "../backend/mod.ts";
import { join } from "node:path";
import { encodeWav, WavFormatError } from "../audio/mod.ts";
import { clipLogMel } from "../features/clip_log_mel.ts";
import { predictFeatures } from "./predict_features.ts";
import { predictFile } from "./predict_file.ts";
import { rawWav, tinyModel, tone } from "./_testing.ts";

// tfjs's pure-JS backend, quietly: the tiny models need nothing faster.
await initBackend({ path: "cpu", log: null });

const folder = tinyModel();
const { audio, features } = folder.metadata;

Deno.test("predictFile() reads any WAV lib/audio reads, as clipLogMel() does", async () => {
  const dir = await Deno.makeTempDir();
  const formats = [
    ["16", 48000, 1],
    ["8", 16000, 2],
    ["32f", 22050, 1],
  ] as const;
  for (const [bitDepth, rate, channels] of formats) {
    const path = join(dir, `${bitDepth}.wav`);
    const bytes = encodeWav(Array.from({ length: channels }, () => tone(0.6, rate)), rate, {
      bitDepth,
    });
    await Deno.writeFile(path, bytes);
    const prediction = await predictFile(folder, path);
    const [expected] = await predictFeatures(
      folder,
      clipLogMel(bytes, { ...audio, ...features }).data,
    );
    assertEquals(Object.values(prediction.probabilities), Array.from(expected), path);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("predictFile() names the reason a file cannot be predicted", async (t) => {
  const dir = await Deno.makeTempDir();
  const good = encodeWav([tone(0.6, 8000)], 8000);
  const files: [string, Uint8Array | null, string][] = [
    ["text.wav", new TextEncoder().encode("this is not audio"), "not a WAV file"],
    ["truncated.wav", good.subarray(0, 600), "truncated: data chunk declares"],
    ["empty.wav", encodeWav([new Float32Array(0)], 8000), "zero samples"],
    [
      "alaw.wav",
      rawWav({ code: 6, bits: 8 }, new Uint8Array(800)),
      "unsupported encoding (format code 6, 8 bits)",
    ],
    ["float24.wav", rawWav({ code: 3, bits: 24 }, new Uint8Array(2400)), "unsupported encoding"],
    ["missing.wav", null, "no such file"],
  ];
  for (const [name, bytes, reason] of files) {
    await t.step(name, async () => {
      const path = join(dir, name);
      if (bytes) await Deno.writeFile(path, bytes);
      const error = await assertRejects(() => predictFile(folder, path), WavFormatError, reason);
      assertEquals(error.path, path);
    });
  }
  await t.step("a folder", async () => {
    await assertRejects(() => predictFile(folder, dir), WavFormatError, "is a folder");
  });
  await Deno.remove(dir, { recursive: true });
});
