import type { ModelFolder } from "../model/model_folder.ts";
import { asFileError, readClip } from "./_read_clip.ts";
import { type Prediction, predictSignal, type PredictSignalOptions } from "./predict_signal.ts";

/** Options of {@linkcode predictFile}. */
export type PredictFileOptions = Omit<PredictSignalOptions, "sampleRate">;

/**
 * Predicts the emotion of a WAV file: any file `decodeWav` reads (PCM
 * 8/16/24/32-bit or 32-bit float, any rate, channels averaged to mono),
 * through {@linkcode predictSignal}. A RAVDESS clip gives one window whose
 * log-mel equals `clipLogMel(bytes)` bit for bit, so its probabilities equal
 * those of {@linkcode predictFeatures} on the evaluation features.
 *
 * @param model A model folder (`loadPredictor`).
 * @param path A WAV file.
 * @param options Hop and batch size.
 * @returns The prediction.
 * @throws {WavFormatError} The file is missing, unreadable, not a WAV, truncated,
 *   empty, of an unsupported encoding, or at a rate that cannot be resampled.
 * @throws {TypeError} The model and its metadata do not fit together.
 *
 * @example Predict a WAV file written for the example
 * ```ts
 * import { predictFile } from "./predict_file.ts";
 * import { buildSeedCnn } from "../model/seed_cnn.ts";
 * import { encodeWav, WavFormatError } from "../audio/mod.ts";
 * import { DEFAULT_CONFIG } from "../config/mod.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
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
 * await Deno.writeFile(`${dir}/a.wav`, encodeWav([tone, tone], 8000));
 * const prediction = await predictFile(folder, `${dir}/a.wav`);
 * assertEquals(prediction.windows.length, 1);
 * assertEquals(labels.includes(prediction.emotion), true);
 * await assertRejects(() => predictFile(folder, `${dir}/missing.wav`), WavFormatError, "no such file");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function predictFile(
  model: ModelFolder,
  path: string,
  options: PredictFileOptions = {},
): Promise<Prediction> {
  const clip = await readClip(path);
  try {
    return await predictSignal(model, clip.samples, { ...options, sampleRate: clip.sampleRate });
  } catch (error) {
    throw asFileError(path, error);
  }
}
