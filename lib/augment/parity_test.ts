/**
 * Augmentation parity with librosa 0.10.2 (`../shared/golden`), at the
 * tolerances its README states.
 */
import { assertEquals, assertLessOrEqual } from "@std/assert";
import { join } from "node:path";
import { decodeAudioWindow } from "../audio/mod.ts";
import { logMelSpectrogram } from "../features/mod.ts";
import {
  diffStats,
  findClip,
  formatStats,
  type GoldenArray,
  goldenArray,
  readGolden,
} from "../../tests/golden.ts";
import { needsBoth, needsGolden, needsRavdess, testWith } from "../../tests/requirements.ts";
import { pitchShift, timeStretch } from "./mod.ts";

interface Stretch {
  rate: number;
  length: number;
  y: GoldenArray;
  log_mel: GoldenArray;
}
interface Shift {
  n_steps: number;
  y: GoldenArray;
  log_mel: GoldenArray;
}

testWith(
  "timeStretch() matches librosa's phase vocoder on the synthetic signal",
  needsGolden(),
  async (dir, t) => {
    const golden = readGolden<{ x: GoldenArray; time_stretch: Stretch[]; pitch_shift: Shift[] }>(
      join(dir, "synthetic.json"),
    );
    const x = goldenArray(golden.x);
    for (const entry of golden.time_stretch) {
      await t.step(
        `rate ${entry.rate.toFixed(4)}: max <= 1.0, p99 <= 0.1, mean <= 0.005 dB`,
        () => {
          const y = timeStretch(x, entry.rate);
          assertEquals(y.length, entry.length);
          const mel = logMelSpectrogram(y);
          const stats = diffStats(mel.data, goldenArray(entry.log_mel), mel.nFrames);
          console.log(`  rate ${entry.rate}: ${formatStats(stats)}`);
          assertLessOrEqual(stats.max, 1.0, formatStats(stats));
          assertLessOrEqual(stats.p99, 0.1, formatStats(stats));
          assertLessOrEqual(stats.mean, 0.005, formatStats(stats));
        },
      );
    }
    for (const entry of golden.pitch_shift) {
      await t.step(
        `pitch shift ${entry.n_steps} (reported, not bounded: 9 kHz tone on the band edge)`,
        () => {
          const mel = logMelSpectrogram(pitchShift(x, 22050, entry.n_steps));
          const stats = diffStats(mel.data, goldenArray(entry.log_mel), mel.nFrames);
          console.log(`  pitch ${entry.n_steps}: ${formatStats(stats)}`);
        },
      );
    }
  },
);

interface ClipGolden {
  meta: { source: { basename: string } };
  clips: { offset: number; duration: number; pitch_shift?: Shift[] }[];
}

testWith(
  "pitchShift() matches librosa end to end from the clip WAVs",
  needsBoth(needsGolden(), needsRavdess()),
  async ([dir, ravdess], t) => {
    const clipDir = join(dir, "clips");
    for (const name of [...Deno.readDirSync(clipDir)].map((e) => e.name).sort()) {
      const golden = readGolden<ClipGolden>(join(clipDir, name));
      const wav = Deno.readFileSync(findClip(ravdess, golden.meta.source.basename));
      for (const clip of golden.clips) {
        for (const shift of clip.pitch_shift ?? []) {
          await t.step(`${golden.meta.source.basename} ${shift.n_steps}: bands 0-105`, () => {
            const y = decodeAudioWindow(wav, { offset: clip.offset, duration: clip.duration });
            const mel = logMelSpectrogram(pitchShift(y, 22050, shift.n_steps));
            const stats = diffStats(mel.data, goldenArray(shift.log_mel), mel.nFrames, 0, 106);
            console.log(`  ${formatStats(stats)}`);
            assertLessOrEqual(stats.max, 0.5, formatStats(stats));
            assertLessOrEqual(stats.p99, 0.05, formatStats(stats));
            assertLessOrEqual(stats.mean, 0.01, formatStats(stats));
          });
        }
      }
    }
  },
);
