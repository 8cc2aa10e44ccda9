/**
 * `deno task features <wav files or folders> --out <dir>`: writes each
 * clip's log-mel as a NumPy `.npy` file (float32, [mels, frames], C order),
 * optionally of augmented versions.
 *
 * @module
 */
import { basename, join } from "node:path";
import { DEFAULT_CONFIG } from "../lib/config/mod.ts";
import { listWavFiles } from "../lib/dataset/list_wav_files.ts";
import { parseRavdessName } from "../lib/dataset/names.ts";
import { decodeAudioWindow, encodeWav, WavFormatError } from "../lib/audio/mod.ts";
import {
  applyAugmentSpec,
  type AugmentSpec,
  augmentSuffix,
  parseAugmentSpec,
} from "../lib/augment/mod.ts";
import { encodeNpy, logMelSpectrogram } from "../lib/features/mod.ts";
import { numberFlag, parseFlagsAndOperands, runMain } from "./_cli.ts";

const { audio, features, augment } = DEFAULT_CONFIG;
const HELP = `Usage: deno task features <wav files or folders>... --out <dir> [options]

Writes each clip's log-mel spectrogram as <dir>/<clip><suffix>.npy (float32,
shape [n-mels, frames], C order), computed as librosa 0.10 does.

Options (defaults in lib/config):
  --out <dir>            output folder (required; created if missing)
  --offset <s>           window start in seconds            [${audio.offset}]
  --duration <s>         window length in seconds           [${audio.duration}]
  --sample-rate <hz>     target sample rate                 [${audio.sampleRate}]
  --n-mels <n>           mel bands                          [${features.nMels}]
  --n-fft <n>            FFT size                           [${features.nFft}]
  --hop-length <n>       hop in samples                     [${features.hopLength}]
  --fmin <hz>            lowest mel edge                    [${features.fmin}]
  --fmax <hz>            highest mel edge                   [sample-rate / 2]
  --top-db <db>          dynamic range kept below the peak  [${features.topDb}]
  --augment <spec>       version to export, repeatable      [original]
                           original | noise | pitch:<semitones> | gender-pitch
                           (gender-pitch: +${augment.maleSemitones} male, ${augment.femaleSemitones} female, from the RAVDESS name)
                         suffixes: "", .noise, .pitch+2.5 ...
  --seed <n>             seed of the noise generator         [${augment.seed}]
  --wav                  also write each version as <clip><suffix>.wav (16-bit, for listening)
  --json                 print one JSON summary line per file and version
  -h, --help             show this help

Exit status: 0 when every file was written, 1 when any failed (the others are
still written).`;

const FLAGS = {
  out: { type: "string" },
  offset: { type: "string" },
  duration: { type: "string" },
  "sample-rate": { type: "string" },
  "n-mels": { type: "string" },
  "n-fft": { type: "string" },
  "hop-length": { type: "string" },
  fmin: { type: "string" },
  fmax: { type: "string" },
  "top-db": { type: "string" },
  augment: { type: "string", multiple: true },
  seed: { type: "string" },
  json: { type: "boolean", default: false },
  wav: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

async function main(): Promise<number> {
  const { values, positionals } = parseFlagsAndOperands(Deno.args, FLAGS);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.out) throw new TypeError("--out <dir> is required (see --help)");
  if (positionals.length === 0) throw new TypeError("no WAV files or folders given (see --help)");
  const options = {
    offset: numberFlag("offset", values.offset, audio.offset),
    duration: numberFlag("duration", values.duration, audio.duration),
    sampleRate: numberFlag("sample-rate", values["sample-rate"], audio.sampleRate),
    nMels: numberFlag("n-mels", values["n-mels"], features.nMels),
    nFft: numberFlag("n-fft", values["n-fft"], features.nFft),
    hopLength: numberFlag("hop-length", values["hop-length"], features.hopLength),
    fmin: numberFlag("fmin", values.fmin, features.fmin),
    fmax: values.fmax === undefined ? features.fmax : numberFlag("fmax", values.fmax, 0),
    topDb: numberFlag("top-db", values["top-db"], features.topDb ?? 80),
  };
  const seed = numberFlag("seed", values.seed, augment.seed);
  const specs: AugmentSpec[] = (values.augment ?? ["original"]).map(parseAugmentSpec);
  const { files, problems } = await listWavFiles(positionals);
  for (const p of problems) console.error(`error: ${p.path}: ${p.reason}`);
  await Deno.mkdir(values.out, { recursive: true });
  const written = new Map<string, string>();
  let failed = problems.length;
  for (const file of files) {
    const name = basename(file).replace(/\.wav$/i, "");
    try {
      const window = decodeAudioWindow(await Deno.readFile(file), { ...options, path: file });
      const gender = specs.some((s) => s.kind === "gender-pitch") ? genderOf(file) : undefined;
      for (const spec of specs) {
        const started = performance.now();
        const out = join(values.out, `${name}${augmentSuffix(spec, gender)}.npy`);
        const earlier = written.get(out);
        if (earlier) {
          throw new WavFormatError(file, `same name as ${earlier}, would overwrite ${out}`);
        }
        const signal = applyAugmentSpec(window, spec, {
          clipKey: basename(file),
          seed,
          gender,
          sampleRate: options.sampleRate,
        });
        const mel = logMelSpectrogram(signal, options);
        await Deno.writeFile(out, encodeNpy(mel.data, [mel.nMels, mel.nFrames]));
        if (values.wav) {
          await Deno.writeFile(
            out.replace(/\.npy$/, ".wav"),
            encodeWav([signal], options.sampleRate),
          );
        }
        written.set(out, file);
        if (values.json) {
          const ms = +(performance.now() - started).toFixed(2);
          console.log(JSON.stringify({ file, npy: out, shape: [mel.nMels, mel.nFrames], ms }));
        }
      }
    } catch (error) {
      if (!(error instanceof WavFormatError || error instanceof Deno.errors.NotFound)) throw error;
      failed++;
      console.error(
        `error: ${error instanceof WavFormatError ? error.message : `${file}: ${error.message}`}`,
      );
    }
  }
  if (!values.json) console.log(`${written.size} written to ${values.out}, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

function genderOf(file: string) {
  try {
    return parseRavdessName(basename(file)).gender;
  } catch {
    throw new WavFormatError(
      file,
      "gender-pitch needs a RAVDESS file name to know the speaker's gender",
    );
  }
}

if (import.meta.main) runMain(main);
