import { assertAlmostEquals, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { initBackend } from "../backend/mod.ts";
import { decodeWav, encodeWav } from "../audio/mod.ts";
import { clipLogMel } from "../features/clip_log_mel.ts";
import { predictFeatures } from "./predict_features.ts";
import { predictSignal } from "./predict_signal.ts";
import { windowStarts } from "./window_starts.ts";
import { tinyModel, tone } from "./_testing.ts";

// tfjs's pure-JS backend, quietly: the tiny models need nothing faster.
await initBackend({ path: "cpu", log: null });

const folder = tinyModel();
const { audio, features, labels } = folder.metadata;

Deno.test("predictSignal() on a short clip equals predictFeatures() on clipLogMel()", async () => {
  const left = tone(0.55, 44100, 300);
  const bytes = encodeWav([left, tone(0.55, 44100, 700)], 44100, { bitDepth: "24" });
  const { samples, sampleRate } = decodeWav(bytes);
  const prediction = await predictSignal(folder, samples, { sampleRate });
  assertEquals(prediction.windows.map((w) => [w.start, w.end]), [[0.1, 0.55]]);
  const mel = clipLogMel(bytes, { ...audio, ...features });
  const [expected] = await predictFeatures(folder, mel.data);
  assertEquals(Object.values(prediction.probabilities), Array.from(expected));
  assertEquals(prediction.windows[0].probabilities, prediction.probabilities);
  assertEquals(prediction.emotion, labels[expected.indexOf(Math.max(...expected))]);
  assertEquals(Object.keys(prediction.probabilities), labels);
});

Deno.test("predictSignal() averages the windows of a long clip", async () => {
  const signal = new Float32Array(3 * 8000);
  signal.set(tone(1, 8000, 200), 0);
  signal.set(tone(1, 8000, 1500, 0.8), 8000);
  signal.set(tone(1, 8000, 3000, 0.05), 16000);
  const prediction = await predictSignal(folder, signal);
  const starts = windowStarts(3, { offset: 0.1, duration: 0.512 });
  assertEquals(prediction.windows.map((w) => w.start), starts);
  assertEquals(prediction.windows.length, Math.round((3 - 0.1 - 0.512) / 0.256));
  for (const label of labels) {
    const mean = prediction.windows.reduce((s, w) => s + w.probabilities[label], 0) /
      starts.length;
    assertAlmostEquals(prediction.probabilities[label], mean, 1e-12);
  }
  const emotions = new Set(prediction.windows.map((w) => w.emotion));
  assertEquals(emotions.size > 1, true, "windows of different sounds get different labels");
  const custom = await predictSignal(folder, signal, { hop: 0.512 });
  assertEquals(custom.windows[1].start, 0.1 + 0.512);
});

Deno.test("predictSignal() warns on near-silence and on clips shorter than the offset", async (t) => {
  const cases: [string, Float32Array, string[]][] = [
    ["speech-level tone", tone(1, 8000, 300, 0.01), []],
    ["-70 dBFS", tone(1, 8000, 300, 0.0003 / 1.5), ["near-silent (peak -70."]],
    ["digital silence", new Float32Array(8000), ["silent (every sample is 0)"]],
    ["0.05 s", tone(0.05, 8000), ["shorter than the model's 0.1 s offset"]],
  ];
  for (const [name, signal, warnings] of cases) {
    await t.step(name, async () => {
      const prediction = await predictSignal(folder, signal);
      assertEquals(prediction.warnings.length, warnings.length, prediction.warnings.join("; "));
      warnings.forEach((w, i) => assertStringIncludes(prediction.warnings[i], w));
    });
  }
  await t.step("empty", async () => {
    await assertRejects(() => predictSignal(folder, new Float32Array(0)), RangeError, "empty");
  });
});
