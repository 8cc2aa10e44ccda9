import { WavFormatError } from "../audio/wav_format_error.ts";
import type { ModelFolder } from "../model/model_folder.ts";
import { assemblePrediction } from "./_assemble.ts";
import { assertCompatible } from "./_check_model.ts";
import { asFileError, readClip } from "./_read_clip.ts";
import { type ClipWindows, clipWindows } from "./_windows.ts";
import { predictFeatures } from "./predict_features.ts";
import type { Prediction } from "./predict_signal.ts";

/** Options of {@linkcode predictFiles}. */
export interface PredictFilesOptions {
  /** Step between windows in seconds. @default {model.metadata.audio.duration / 2} (1.5) */
  hop?: number;
  /** Windows per `model.predict` call, across files. @default {32} */
  batchSize?: number;
  /** Called with each result as soon as it and every earlier one are known, in input order. @default {undefined} */
  onResult?: (result: FileResult, index: number) => void;
}

/** One file's outcome: its prediction, or why it could not be read. */
export type FileResult =
  | { file: string; prediction: Prediction; error?: undefined }
  | { file: string; prediction?: undefined; error: WavFormatError };

/**
 * Predicts many WAV files at once, with the windows of several files in
 * each `model.predict` batch: the fast path for evaluating a test split
 * (1200 RAVDESS clips take one batched pass). Each file's numbers are those
 * of {@linkcode predictFile}, up to float rounding across batch sizes. A file
 * that cannot be read does not stop the others.
 *
 * @param model A model folder (`loadPredictor`).
 * @param paths WAV files.
 * @param options Hop, batch size, and a callback per result.
 * @returns One result per path, in order.
 * @throws {TypeError} The model and its metadata do not fit together.
 * @throws {RangeError} `hop` is not > 0, or `batchSize` is not an integer ≥ 1.
 *
 * @example Two files, one of them broken
 * ```ts
 * import { predictFiles } from "./predict_files.ts";
 * import { buildSeedCnn } from "../model/seed_cnn.ts";
 * import { encodeWav } from "../audio/mod.ts";
 * import { DEFAULT_CONFIG } from "../config/mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const audio = { sampleRate: 8000, offset: 0, duration: 0.512 };
 * const features = { ...DEFAULT_CONFIG.features, nFft: 256, hopLength: 128, nMels: 16 };
 * const inputShape: [number, number, number] = [16, 33, 1];
 * const labels = ["a", "b", "c", "d", "e", "f", "g", "h"];
 * const folder = {
 *   model: buildSeedCnn({ widths: [2, 2, 2, 2], inputShape, seed: 1 }),
 *   metadata: { format: "serlab-model/1" as const, labels, inputShape, normalization: { mean: -40, std: 20 }, audio, features },
 * };
 * const dir = await Deno.makeTempDir();
 * const tone = Float32Array.from({ length: 4000 }, (_, n) => 0.3 * Math.sin(n / 3));
 * await Deno.writeFile(`${dir}/a.wav`, encodeWav([tone], 8000));
 * await Deno.writeTextFile(`${dir}/b.wav`, "not audio");
 * const [a, b] = await predictFiles(folder, [`${dir}/a.wav`, `${dir}/b.wav`]);
 * assertEquals(a.prediction?.windows.length, 1);
 * assertEquals(b.error?.reason, "not a WAV file (no RIFF/WAVE header)");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function predictFiles(
  model: ModelFolder,
  paths: readonly string[],
  options: PredictFilesOptions = {},
): Promise<FileResult[]> {
  const { hop, batchSize = 32, onResult } = options;
  if (hop !== undefined && !(hop > 0 && Number.isFinite(hop))) {
    throw new RangeError(`Cannot predict as hop must be > 0: current value is ${hop}`);
  }
  assertCompatible(model);
  const { labels, audio } = model.metadata;
  const results: FileResult[] = new Array(paths.length);
  let emitted = 0;
  const emit = () => {
    while (emitted < paths.length && results[emitted]) {
      onResult?.(results[emitted], emitted);
      emitted++;
    }
  };
  let pending: { index: number; clip: ClipWindows }[] = [];
  let pendingWindows = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const features = new Float32Array(pending.reduce((n, p) => n + p.clip.features.length, 0));
    let at = 0;
    for (const { clip } of pending) {
      features.set(clip.features, at);
      at += clip.features.length;
    }
    const rows = await predictFeatures(model, features, { batchSize });
    let row = 0;
    for (const { index, clip } of pending) {
      const own = rows.slice(row, row += clip.starts.length);
      results[index] = {
        file: paths[index],
        prediction: assemblePrediction(labels, clip, own, audio.offset),
      };
    }
    pending = [];
    pendingWindows = 0;
    emit();
  };
  for (const [index, file] of paths.entries()) {
    try {
      const { samples, sampleRate } = await readClip(file);
      let clip: ClipWindows;
      try {
        clip = clipWindows(samples, sampleRate, model.metadata, hop);
      } catch (error) {
        throw asFileError(file, error);
      }
      pending.push({ index, clip });
      pendingWindows += clip.starts.length;
    } catch (error) {
      if (!(error instanceof WavFormatError)) throw error;
      results[index] = { file, error };
      emit();
    }
    if (pendingWindows >= batchSize) await flush();
  }
  await flush();
  return results;
}
