/**
 * Parity with librosa 0.10.2 (`../shared/golden`), at exactly the
 * tolerances its README states.
 */
import { assert, assertEquals, assertLessOrEqual } from "@std/assert";
import { join } from "node:path";
import { decodeAudioWindow } from "../audio/mod.ts";
import {
  diffStats,
  findClip,
  formatStats,
  type GoldenArray,
  goldenArray,
  readGolden,
} from "../../tests/golden.ts";
import { needsBoth, needsGolden, needsRavdess, testWith } from "../../tests/requirements.ts";
import { logMelSpectrogram, melFilterbank, melSpectrogram, powerSpectrogram } from "./mod.ts";

interface Synthetic {
  x: GoldenArray;
  x48: GoldenArray;
  mel_filterbank: GoldenArray;
  power_spectrogram: GoldenArray;
  mel_spectrogram: GoldenArray;
  log_mel: GoldenArray;
}

/** The golden recipe: float64 per sample, then float32, in the order written. */
function recipeSignal(sr: number, n: number): Float32Array {
  const pi = Math.PI;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    x[i] = 0.4 * Math.sin(2 * pi * (150 * t + 300 * (t * t))) +
      0.25 * Math.sin(2 * pi * 1200 * t) * (0.6 + 0.4 * Math.sin(2 * pi * 2.5 * t)) +
      0.1 * Math.sin(2 * pi * 4700 * t) + 0.05 * Math.sin(2 * pi * 9000 * t);
  }
  return x;
}

/** Frame-major [frames, bins] to librosa's [bins, frames]. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  }
  return out;
}

testWith(
  "logMelSpectrogram() matches librosa on the synthetic signal",
  needsGolden(),
  async (dir, t) => {
    const golden = readGolden<Synthetic>(join(dir, "synthetic.json"));
    const x = goldenArray(golden.x);

    await t.step("recipe rebuilds x and x48 bit for bit", () => {
      assertEquals(recipeSignal(22050, 66150), x);
      assertEquals(recipeSignal(48000, 144000), goldenArray(golden.x48));
    });

    await t.step("mel filterbank max abs difference <= 1e-7", () => {
      const fb = melFilterbank();
      const stats = diffStats(fb.weights, goldenArray(golden.mel_filterbank), 1025);
      assertLessOrEqual(stats.max, 1e-7, formatStats(stats));
    });

    await t.step("power spectrogram within 60 dB of its peak agrees to 1e-3 relative", () => {
      // serlab's magnitude FFT is single precision (PFFFT); numpy's is double
      const spec = powerSpectrogram(x);
      const ours = transpose(spec.data, spec.nFrames, spec.nBins);
      const theirs = goldenArray(golden.power_spectrogram);
      const floor = 1e-6 * theirs.reduce((a, b) => Math.max(a, b), 0);
      let worst = 0;
      for (let i = 0; i < ours.length; i++) {
        if (theirs[i] >= floor) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / theirs[i]);
      }
      assertLessOrEqual(worst, 1e-3);
    });

    await t.step("mel spectrogram agrees to float32 precision", () => {
      const mel = melSpectrogram(x);
      const theirs = goldenArray(golden.mel_spectrogram);
      let worst = 0;
      for (let i = 0; i < theirs.length; i++) {
        worst = Math.max(worst, Math.abs(mel.data[i] - theirs[i]) / Math.max(1e-3, theirs[i]));
      }
      assertLessOrEqual(worst, 1e-4);
    });

    await t.step("log-mel max abs difference <= 0.01 dB", () => {
      const mel = logMelSpectrogram(x);
      assertEquals([mel.nMels, mel.nFrames], [128, 130]);
      const stats = diffStats(mel.data, goldenArray(golden.log_mel), 130);
      console.log(`  log-mel: ${formatStats(stats)}`);
      assertLessOrEqual(stats.max, 0.01, formatStats(stats));
    });
  },
);

interface ClipGolden {
  meta: { source: { basename: string; native_channels: number } };
  clips: { offset: number; duration: number; y: GoldenArray; log_mel: GoldenArray }[];
}

testWith(
  "decodeAudioWindow() + logMelSpectrogram() match librosa end to end",
  needsBoth(needsGolden(), needsRavdess()),
  async ([dir, ravdess], t) => {
    const clipDir = join(dir, "clips");
    for (
      const entry of [...Deno.readDirSync(clipDir)].sort((a, b) => a.name.localeCompare(b.name))
    ) {
      const golden = readGolden<ClipGolden>(join(clipDir, entry.name));
      const wav = Deno.readFileSync(findClip(ravdess, golden.meta.source.basename));
      for (const clip of golden.clips) {
        await t.step(`${golden.meta.source.basename} offset ${clip.offset}`, () => {
          const y = decodeAudioWindow(wav, { offset: clip.offset, duration: clip.duration });
          assertEquals(y.length, 66150);
          const mel = logMelSpectrogram(y);
          const bands = diffStats(mel.data, goldenArray(clip.log_mel), 130, 0, 120);
          const edge = diffStats(mel.data, goldenArray(clip.log_mel), 130, 120, 128);
          console.log(
            `  bands 0-119: ${formatStats(bands)}; bands 120-127 (report only): ${
              formatStats(edge)
            }`,
          );
          assertLessOrEqual(bands.max, 0.25, formatStats(bands));
          assertLessOrEqual(bands.p99, 0.02, formatStats(bands));
          assertLessOrEqual(bands.mean, 0.005, formatStats(bands));
          assert(Number.isFinite(edge.max));
        });
      }
    }
  },
);
