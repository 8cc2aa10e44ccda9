/**
 * `deno task predict --file <wav> [--dir <folder>] [--model <dir>]`: the
 * emotion of each WAV file, as a table or one JSON object per line.
 *
 * @module
 */
import { DEFAULT_CONFIG } from "../lib/config/mod.ts";
import { initBackend } from "../lib/backend/mod.ts";
import { listWavFiles } from "../lib/dataset/list_wav_files.ts";
import { EMOTIONS } from "../lib/dataset/names.ts";
import { ModelFolderError } from "../lib/model/mod.ts";
import {
  type FileResult,
  loadPredictor,
  predictFiles,
  type Prediction,
  type WindowPrediction,
} from "../lib/predict/mod.ts";
import { parseFlagsAndOperands, runMain } from "./_cli.ts";
import { exists } from "../lib/_fs/mod.ts";

/** The committed reference model (trained by `deno task train`). */
export const DEFAULT_MODEL = "models/reference";

/** What to do when the default model is missing. */
export const NO_DEFAULT_MODEL = `no model at ${DEFAULT_MODEL}/ (the reference model is not there ` +
  "yet): train one with `deno task train`, then pass --model runs/<name>/model";

const { offset, duration } = DEFAULT_CONFIG.audio;
const HELP = `Usage: deno task predict --file <wav> [--file <wav>...] [--dir <folder>...] [options]

Predicts the emotion of each WAV file with a serlab model and prints the top
emotion, its probability, and the probability of each of the ${EMOTIONS.length} emotions.

Inputs (at least one; repeatable; plain operands are taken as --file):
  --file <wav>       a WAV file: PCM 8/16/24/32-bit or 32-bit float, any sample
                     rate, mono or stereo (channels are averaged)
  --dir <folder>     every .wav file under the folder (recursive, sorted)

Options:
  --model <dir>      model folder (model.json, weights.bin, serlab.json)  [${DEFAULT_MODEL}]
                     without the reference model: \`deno task train\`, then
                     --model runs/<name>/model
  --json             one JSON object per line: file, emotion, probabilities (keyed
                     by emotion), windows (when several, or with --timeline),
                     warnings (when any); or file, error
  --timeline         also print each window's start and end (s) and emotion
  -h, --help         show this help

Windows: the model reads the ${duration} s window from ${offset} s that it was trained on
(its serlab.json gives the numbers), zero-padded at the end when the clip is
shorter, as in training. A clip of T seconds gets
    n = max(1, round((T - ${offset} - ${duration}) / ${
  duration / 2
})) windows, starting at ${offset} + k * ${duration / 2} s
(${duration / 2} s = half a window: 50% overlap), and their probabilities are averaged.
Every RAVDESS clip (2.9-5.3 s) gets one window, the training window, so the
numbers equal \`deno task evaluate\`'s; a 30 s clip gets 18 windows. A clip no
longer than the offset has its one window start at 0 s. A clip whose peak is
below -60 dBFS is predicted with a warning.

Exit status: 0 when every file was predicted; 1 when any file failed (each gets
one "error: <file>: <reason>" line on stderr and the others are still
predicted) or the model cannot be used; 2 for a usage error.`;

const FLAGS = {
  file: { type: "string", multiple: true },
  dir: { type: "string", multiple: true },
  model: { type: "string" },
  json: { type: "boolean", default: false },
  timeline: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** A bad command line: exit status 2. */
class UsageError extends TypeError {
  override name = "UsageError";
}

async function main(): Promise<number> {
  try {
    return await predict();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}`);
    return 2;
  }
}

async function predict(): Promise<number> {
  let parsed;
  try {
    parsed = parseFlagsAndOperands(Deno.args, FLAGS);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const files = [...(values.file ?? []), ...positionals];
  const dirs = values.dir ?? [];
  if (files.length === 0 && dirs.length === 0) {
    throw new UsageError("no input: give --file <wav> or --dir <folder> (see --help)");
  }
  const modelDir = values.model ?? DEFAULT_MODEL;
  if (values.model === undefined && !(await exists(modelDir))) {
    console.error(`error: ${NO_DEFAULT_MODEL}`);
    return 1;
  }

  let failed = 0;
  const fail = (file: string, reason: string) => {
    failed++;
    console.error(`error: ${file}: ${reason}`);
    if (values.json) console.log(JSON.stringify({ file, error: reason }));
  };
  for (const dir of dirs) {
    const listed = await listFolder(dir);
    if (typeof listed === "string") fail(dir, listed);
    else files.push(...listed);
  }
  if (files.length === 0) return 1;

  await initBackend({ log: null });
  let model;
  try {
    model = await loadPredictor(modelDir);
  } catch (error) {
    if (!(error instanceof ModelFolderError)) throw error;
    console.error(`error: ${error.message}`);
    return 1;
  }
  const table = values.json ? null : new Table(model.metadata.labels, files);
  await predictFiles(model, files, {
    onResult: (result: FileResult) => {
      if (result.error) return fail(result.file, result.error.reason);
      const { file, prediction } = result;
      for (const warning of prediction.warnings) console.error(`warning: ${file}: ${warning}`);
      if (table) table.print(file, prediction, values.timeline);
      else console.log(JSON.stringify(jsonLine(file, prediction, values.timeline)));
    },
  });
  return failed > 0 ? 1 : 0;
}

/** The WAV files under `dir`, or why there are none. */
async function listFolder(dir: string): Promise<string[] | string> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch {
    return "no such folder";
  }
  if (!info.isDirectory) return "not a folder (use --file for a file)";
  const { files, problems } = await listWavFiles([dir]);
  return problems.length > 0 ? problems[0].reason : files;
}
function jsonLine(file: string, prediction: Prediction, timeline: boolean) {
  const { emotion, probabilities, windows, warnings } = prediction;
  return {
    file,
    emotion,
    probabilities,
    ...(windows.length > 1 || timeline ? { windows } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** The terminal table: one row per file, probabilities to 3 decimals. */
class Table {
  #labels: string[];
  #fileWidth: number;
  #labelWidth: number;
  #header = false;

  constructor(labels: string[], files: string[]) {
    this.#labels = labels;
    this.#fileWidth = Math.max(4, ...files.map((f) => f.length));
    this.#labelWidth = Math.max(7, ...labels.map((l) => l.length));
  }

  print(file: string, prediction: Prediction, timeline: boolean): void {
    if (!this.#header) {
      this.#header = true;
      console.log(this.#row("file", "emotion", "p", this.#labels));
    }
    const { emotion, probabilities, windows } = prediction;
    const p = (value: number) => value.toFixed(3);
    console.log(
      this.#row(
        file,
        emotion,
        p(probabilities[emotion]),
        this.#labels.map((l) => p(probabilities[l])),
      ),
    );
    if (timeline) { for (const w of windows) console.log(this.#window(w)); }
  }

  #row(file: string, emotion: string, p: string, cells: string[]): string {
    const columns = cells.map((c, i) => c.padStart(Math.max(5, this.#labels[i].length)));
    return [
      file.padEnd(this.#fileWidth),
      emotion.padEnd(this.#labelWidth),
      p.padStart(5),
      ...columns,
    ]
      .join("  ");
  }

  #window(w: WindowPrediction): string {
    const times = `${w.start.toFixed(2)}-${w.end.toFixed(2)} s`;
    return `  ${times.padEnd(this.#fileWidth - 2)}  ${w.emotion.padEnd(this.#labelWidth)}  ${
      w.probabilities[w.emotion].toFixed(3).padStart(5)
    }`;
  }
}

if (import.meta.main) runMain(main);
