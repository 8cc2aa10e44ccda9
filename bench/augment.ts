/**
 * `deno task bench:augment`: ms per clip for the "3x" augmentations, white
 * noise and pitch shift by +2.5 and −2.5 semitones, on one core, over the
 * 3 s windows of the first `--limit` WAVs under `RAVDESS_DIR`. Reports the
 * median and total per version after a warm-up, and the pitch shift's
 * stages (STFT, phase vocoder, inverse STFT, resample + fix length) timed
 * separately through the same calls `pitchShift` makes. The last line
 * printed is one JSON object with every figure.
 *
 * @module
 */
import { countFlag, parseFlags, runMain } from "../cli/_cli.ts";
import { DEFAULT_CONFIG } from "../lib/config/mod.ts";
import { decodeAudioWindow, fixLength, resample } from "../lib/audio/mod.ts";
import { istft, stft } from "../lib/features/mod.ts";
import { addWhiteNoise, phaseVocoder, pitchShift } from "../lib/augment/mod.ts";
import { listWavFiles } from "../lib/dataset/list_wav_files.ts";

const HELP = `Usage: deno task bench:augment [--dir <ravdess dir>] [--limit N]

Times addWhiteNoise() and pitchShift() by +2.5 and -2.5 semitones per 3 s
clip over the first --limit (default 100) WAVs under --dir (default:
$RAVDESS_DIR, else ${DEFAULT_CONFIG.data.ravdessDir}), one core, and the
pitch shift's stages. Goal: pitch shift <= 10 ms per clip.`;

await runMain(async () => {
  const values = parseFlags(Deno.args, {
    dir: { type: "string" },
    limit: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const limit = countFlag("limit", values.limit, 100);
  const dir = values.dir ?? Deno.env.get("RAVDESS_DIR") ?? DEFAULT_CONFIG.data.ravdessDir;
  const { files: all } = await listWavFiles([dir]);
  const files = all.slice(0, limit);
  if (files.length === 0) {
    throw new Error(`no WAV files under ${dir} (run deno task data, or set RAVDESS_DIR)`);
  }
  const clips = files.map((path) => decodeAudioWindow(Deno.readFileSync(path), { path }));
  const { sampleRate } = DEFAULT_CONFIG.audio;
  const { nFft, hopLength } = DEFAULT_CONFIG.features;

  /** [name, JSON key, augmentation] */
  const versions: [string, string, (y: Float32Array, i: number) => Float32Array][] = [
    ["noise", "noise", (y, i) => addWhiteNoise(y, { seed: i })],
    ["pitch +2.5", "pitch_up", (y) => pitchShift(y, sampleRate, 2.5)],
    ["pitch -2.5", "pitch_down", (y) => pitchShift(y, sampleRate, -2.5)],
  ];

  function median(values: number[]): number {
    const sorted = values.toSorted((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
  const round = (ms: number) => +ms.toFixed(3);

  for (let i = 0; i < Math.min(10, clips.length); i++) { // warm-up (JIT)
    for (const [, , augment] of versions) augment(clips[i], i);
  }
  const figures: Record<string, unknown> = {
    machine: `${Deno.build.os}-${Deno.build.arch}, ${navigator.hardwareConcurrency} cores`,
    date: new Date().toISOString(),
    clips: clips.length,
  };
  console.log(`serlab augmentation over ${clips.length} clips of 3 s (one core):`);
  for (const [name, key, augment] of versions) {
    const times = clips.map((y, i) => {
      const start = performance.now();
      augment(y, i);
      return performance.now() - start;
    });
    const total = times.reduce((a, b) => a + b, 0);
    figures[`${key}_median_ms`] = round(median(times));
    figures[`${key}_mean_ms`] = round(total / times.length);
    figures[`${key}_total_s`] = round(total / 1000);
    console.log(
      `  ${name}: median ${round(median(times))} ms/clip, mean ${
        round(total / times.length)
      }, total ${round(total / 1000)} s`,
    );
  }

  // The pitch shift's stages, as pitchShift() chains them.
  const stages = { stft: 0, vocoder: 0, istft: 0, resample: 0 };
  for (const y of clips) {
    for (const steps of [2.5, -2.5]) {
      const rate = 2 ** (-steps / 12);
      const t0 = performance.now();
      const spectrogram = stft(y, { nFft, hopLength });
      const t1 = performance.now();
      const stretched = phaseVocoder(spectrogram, rate, hopLength);
      const t2 = performance.now();
      const z = istft(stretched, { hopLength, length: Math.round(y.length / rate) });
      const t3 = performance.now();
      fixLength(resample(z, sampleRate / rate, sampleRate), y.length);
      const t4 = performance.now();
      stages.stft += t1 - t0;
      stages.vocoder += t2 - t1;
      stages.istft += t3 - t2;
      stages.resample += t4 - t3;
    }
  }
  const shifts = 2 * clips.length;
  for (const [stage, ms] of Object.entries(stages)) {
    figures[`pitch_${stage}_mean_ms`] = round(ms / shifts);
  }
  console.log(
    `  pitch shift stages (mean ms): stft ${round(stages.stft / shifts)}, vocoder ${
      round(stages.vocoder / shifts)
    }, istft ${round(stages.istft / shifts)}, resample ${round(stages.resample / shifts)}`,
  );
  figures.goal_pitch_ms = 10;
  console.log(JSON.stringify(figures));
});
