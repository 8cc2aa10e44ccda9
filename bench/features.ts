/**
 * `deno task bench:features`: ms per file for each feature stage (read,
 * resample, log-mel) and in total over every WAV under `RAVDESS_DIR`, on
 * one core, against the Python anchor (`../shared/bench/features_anchor.py`:
 * soundfile + scipy `resample_poly` + numpy log-mel) timed in the same run.
 * The last line printed is one JSON object with every figure.
 *
 * @module
 */
import { countFlag, parseFlags, runMain } from "../cli/_cli.ts";
import { DEFAULT_CONFIG } from "../lib/config/mod.ts";
import { decodeWav, fixLength, resample } from "../lib/audio/mod.ts";
import { logMelSpectrogram } from "../lib/features/mod.ts";
import { listWavFiles } from "../lib/dataset/list_wav_files.ts";
import { runAnchor } from "./_anchor.ts";
import { benchPipeline } from "./pipeline.ts";

const HELP =
  `Usage: deno task bench:features [--dir <ravdess dir>] [--limit N] [--rounds N] [--no-anchor] [--no-pipeline]

Times read, resample and log-mel per file over every WAV under --dir
(default: $RAVDESS_DIR, else ${DEFAULT_CONFIG.data.ravdessDir}) and the Python
anchor in the same run (goal: <= 5 ms per file, <= 0.25x the anchor), then
the full "3x" pipeline (originals + noise and pitch versions of the 80%
training split) cold and warm, one worker and all (goals per 1000 files:
cold <= 12 s, warm <= 1 s, speed-up >= 1.8x, peak RSS <= 1.5 GiB) in
--rounds interleaved rounds (default 3), reporting means.`;

await runMain(async () => {
  const values = parseFlags(Deno.args, {
    dir: { type: "string" },
    limit: { type: "string" },
    rounds: { type: "string" },
    "no-anchor": { type: "boolean", default: false },
    "no-pipeline": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const limit = countFlag("limit", values.limit, undefined);
  const rounds = countFlag("rounds", values.rounds, undefined);
  const dir = values.dir ?? Deno.env.get("RAVDESS_DIR") ?? DEFAULT_CONFIG.data.ravdessDir;
  const { files: all } = await listWavFiles([dir]);
  const files = limit === undefined ? all : all.slice(0, limit);
  if (files.length === 0) {
    throw new Error(`no WAV files under ${dir} (run deno task data, or set RAVDESS_DIR)`);
  }

  const { sampleRate, offset, duration } = DEFAULT_CONFIG.audio;
  const stages = { read: 0, resample: 0, logMel: 0 };

  function one(path: string, time: boolean): void {
    const t0 = performance.now();
    const bytes = Deno.readFileSync(path);
    const native = decodeWav(bytes, { path, frameCount: 0 }).sampleRate;
    const window = decodeWav(bytes, {
      path,
      startFrame: Math.round(offset * native),
      frameCount: Math.round(duration * native),
    }).samples;
    const t1 = performance.now();
    const y = fixLength(
      native === sampleRate ? window : resample(window, native, sampleRate),
      Math.round(duration * sampleRate),
    );
    const t2 = performance.now();
    logMelSpectrogram(y);
    const t3 = performance.now();
    if (time) {
      stages.read += t1 - t0;
      stages.resample += t2 - t1;
      stages.logMel += t3 - t2;
    }
  }

  for (let i = 0; i < Math.min(20, files.length); i++) one(files[i], false); // warm-up (JIT)
  const started = performance.now();
  for (const f of files) one(f, true);
  const totalMs = performance.now() - started;
  const n = files.length;
  const perFile = (ms: number) => +(ms / n).toFixed(3);
  const figures: Record<string, unknown> = {
    machine: `${Deno.build.os}-${Deno.build.arch}, ${navigator.hardwareConcurrency} cores`,
    date: new Date().toISOString(),
    files: n,
    read_ms_per_file: perFile(stages.read),
    resample_ms_per_file: perFile(stages.resample),
    log_mel_ms_per_file: perFile(stages.logMel),
    ms_per_file: perFile(totalMs),
    total_s: +(totalMs / 1000).toFixed(2),
    projected_1440_files_s: +((totalMs / n) * 1440 / 1000).toFixed(2),
    goal_ms_per_file: 5,
  };
  console.log(`serlab features over ${n} files (one core):`);
  console.log(
    `  read+decode ${figures.read_ms_per_file} ms, resample ${figures.resample_ms_per_file} ms, log-mel ${figures.log_mel_ms_per_file} ms`,
  );
  console.log(`  total ${figures.ms_per_file} ms/file (${figures.total_s} s; goal <= 5 ms/file)`);

  if (!values["no-anchor"]) {
    const anchor = await runAnchor(
      "features_anchor.py",
      [dir, ...(limit === undefined ? [] : ["--limit", String(limit)])],
      { OPENBLAS_NUM_THREADS: "1" },
    );
    if ("result" in anchor) {
      const anchorMs = Number(anchor.result.anchor_ms_per_file);
      figures.anchor_ms_per_file = anchorMs;
      figures.ratio_vs_anchor = +(Number(figures.ms_per_file) / anchorMs).toFixed(3);
      console.log(`  ratio vs anchor: ${figures.ratio_vs_anchor}x (goal <= 0.25x)`);
    } else {
      figures.anchor_error = anchor.error;
      console.log(`  anchor not run: ${anchor.error}`);
    }
  }
  if (!values["no-pipeline"]) {
    const pipeline = await benchPipeline(dir, {
      limit,
      rounds,
      log: (line) => console.log(line),
    });
    for (const [key, value] of Object.entries(pipeline)) figures[`pipeline_${key}`] = value;
  }
  console.log(JSON.stringify(figures));
});
