import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import wavefile from "wavefile";
import { join } from "node:path";
import { needsRavdess, testWith } from "../../tests/requirements.ts";
import { decodeWav } from "./decode_wav.ts";
import { encodeWav, type WavBitDepth } from "./encode_wav.ts";
import { WavFormatError } from "./wav_format_error.ts";

const ramp = Float32Array.from({ length: 100 }, (_, i) => (i - 50) / 64);

Deno.test("decodeWav() reads every supported encoding", async (t) => {
  const cases: [WavBitDepth, number, "pcm" | "float", number][] = [
    ["8", 8, "pcm", 1 / 128],
    ["16", 16, "pcm", 1 / 32768],
    ["24", 24, "pcm", 1 / 8388608],
    ["32", 32, "pcm", 1 / 2147483648],
    ["32f", 32, "float", 0],
  ];
  for (const [bitDepth, bits, encoding, step] of cases) {
    await t.step(`${bitDepth}-bit`, () => {
      const audio = decodeWav(encodeWav([ramp], 16000, { bitDepth }));
      assertEquals([audio.bitsPerSample, audio.encoding, audio.sampleRate], [
        bits,
        encoding,
        16000,
      ]);
      assertEquals(audio.totalFrames, ramp.length);
      for (let i = 0; i < ramp.length; i++) {
        assertAlmostEquals(audio.samples[i], Math.min(ramp[i], 1 - step), step / 2 + 1e-9);
      }
    });
  }
});

Deno.test("decodeWav() averages stereo to mono and reads 44.1 kHz", () => {
  const left = Float32Array.from({ length: 441 }, (_, i) => Math.sin(i / 10) * 0.5);
  const right = Float32Array.from({ length: 441 }, (_, i) => Math.cos(i / 7) * 0.25);
  const audio = decodeWav(encodeWav([left, right], 44100, { bitDepth: "32f" }));
  assertEquals([audio.channels, audio.sampleRate, audio.samples.length], [2, 44100, 441]);
  for (let i = 0; i < 441; i++) {
    assertEquals(audio.samples[i], Math.fround((left[i] + right[i]) / 2));
  }
});

Deno.test("decodeWav() decodes only the requested window", () => {
  const audio = decodeWav(encodeWav([ramp], 8000, { bitDepth: "32f" }), {
    startFrame: 90,
    frameCount: 50,
  });
  assertEquals(Array.from(audio.samples), Array.from(ramp.subarray(90)));
  assertEquals(audio.totalFrames, 100);
});

Deno.test("decodeWav() skips extra chunks such as FLLR", () => {
  const plain = encodeWav([ramp], 8000);
  const fllr = new Uint8Array([...new TextEncoder().encode("FLLR"), 6, 0, 0, 0, 1, 2, 3, 4, 5, 6]);
  const withChunk = new Uint8Array(plain.length + fllr.length);
  withChunk.set(plain.subarray(0, 36)); // RIFF header + fmt chunk
  withChunk.set(fllr, 36);
  withChunk.set(plain.subarray(36), 36 + fllr.length);
  new DataView(withChunk.buffer).setUint32(4, withChunk.length - 8, true);
  assertEquals(decodeWav(withChunk).samples, decodeWav(plain).samples);
});

Deno.test("decodeWav() names the file and the reason for bad input", async (t) => {
  const good = encodeWav([ramp], 8000);
  const cases: [string, Uint8Array, string][] = [
    ["not a WAV", new TextEncoder().encode("hello, this is text, not audio"), "not a WAV"],
    ["truncated", good.subarray(0, good.length - 10), "truncated"],
    ["no data chunk", good.subarray(0, 36), "no data chunk"],
    ["zero samples", encodeWav([new Float32Array(0)], 8000), "zero samples"],
  ];
  const adpcm = good.slice();
  new DataView(adpcm.buffer).setUint16(20, 2, true); // format code 2: MS ADPCM
  cases.push(["unsupported encoding", adpcm, "unsupported encoding"]);
  for (const [name, bytes, reason] of cases) {
    await t.step(name, () => {
      const error = assertThrows(
        () => decodeWav(bytes, { path: "clip.wav" }),
        WavFormatError,
        reason,
      );
      assertEquals(error.path, "clip.wav");
      assertEquals(error.message.startsWith("Cannot read clip.wav: "), true);
    });
  }
});

testWith("decodeWav() equals wavefile on every RAVDESS WAV", needsRavdess(), (dir) => {
  const files: string[] = [];
  for (const actor of Deno.readDirSync(dir)) {
    if (!actor.isDirectory) continue;
    for (const f of Deno.readDirSync(join(dir, actor.name))) {
      if (f.name.endsWith(".wav")) files.push(join(dir, actor.name, f.name));
    }
  }
  files.sort();
  let stereo = 0;
  files.forEach((path, i) => {
    const bytes = Deno.readFileSync(path);
    const audio = decodeWav(bytes, { path });
    if (audio.channels === 2) stereo++;
    // Compare with wavefile on a sample of files (it is slow: ~20 ms per file).
    if (i % 50 === 0) {
      const wav = new wavefile.WaveFile(bytes);
      const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
      const channels = Array.isArray(raw) ? raw : [raw];
      const n = channels[0].length;
      assertEquals(audio.totalFrames, n, path);
      for (let j = 0; j < n; j += 97) {
        let sum = 0;
        for (const c of channels) sum += c[j] / 32768;
        assertEquals(audio.samples[j], Math.fround(sum / channels.length), path);
      }
    }
  });
  console.log(`  ${files.length} files decoded, ${stereo} stereo`);
  if (files.length === 1200) assertEquals(stereo, 5); // the shared set: actors 01-20
});
