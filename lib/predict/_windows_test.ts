import { assertEquals } from "@std/assert";
import { join } from "node:path";
import { decodeWav, encodeWav } from "../audio/mod.ts";
import { DEFAULT_CONFIG } from "../config/mod.ts";
import { clipLogMel } from "../features/clip_log_mel.ts";
import { needsRavdess, testWith } from "../../tests/requirements.ts";
import { clipWindows } from "./_windows.ts";
import { tone } from "./_testing.ts";

const metadata = { audio: DEFAULT_CONFIG.audio, features: DEFAULT_CONFIG.features };

/** The shortest, the longest and a stereo clip of the data set, and a plain one. */
async function extremeClips(dir: string): Promise<string[]> {
  const clips: { path: string; seconds: number; channels: number }[] = [];
  for await (const actor of Deno.readDir(dir)) {
    if (!actor.isDirectory) continue;
    for await (const entry of Deno.readDir(join(dir, actor.name))) {
      const path = join(dir, actor.name, entry.name);
      const { totalFrames, sampleRate, channels } = decodeWav(await Deno.readFile(path), {
        frameCount: 0,
      });
      clips.push({ path, seconds: totalFrames / sampleRate, channels });
    }
  }
  clips.sort((a, b) => a.seconds - b.seconds || a.path.localeCompare(b.path));
  const stereo = clips.find((c) => c.channels > 1);
  return [clips[0], clips.at(-1)!, clips[Math.floor(clips.length / 2)], ...(stereo ? [stereo] : [])]
    .map((c) => c.path);
}

testWith(
  "clipWindows() gives RAVDESS clips one window whose log-mel equals clipLogMel() bit for bit",
  needsRavdess(),
  async (dir) => {
    for (const path of await extremeClips(dir)) {
      const bytes = await Deno.readFile(path);
      const { samples, sampleRate } = decodeWav(bytes);
      const clip = clipWindows(samples, sampleRate, metadata);
      assertEquals(clip.starts, [0.5], path);
      assertEquals(clip.features, clipLogMel(bytes).data, path);
    }
  },
);

Deno.test("clipWindows() cuts every window as decodeAudioWindow() cuts the training one", () => {
  const signal = tone(12.3, 44100, 300);
  const bytes = encodeWav([signal, tone(12.3, 44100, 500)], 44100, { bitDepth: "32f" });
  const { samples, sampleRate } = decodeWav(bytes);
  const clip = clipWindows(samples, sampleRate, metadata);
  assertEquals(clip.starts, [0.5, 2, 3.5, 5, 6.5, 8]); // round((12.3 - 3.5) / 1.5) = 6
  assertEquals(clip.ends.at(-1), 11);
  const size = 128 * 130;
  clip.starts.forEach((offset, k) => {
    const expected = clipLogMel(bytes, { offset });
    assertEquals(clip.features.subarray(k * size, (k + 1) * size), expected.data, `window ${k}`);
  });
});
