import type { ModelFolder } from "../model/model_folder.ts";
import { assemblePrediction } from "./_assemble.ts";
import { assertCompatible } from "./_check_model.ts";
import { clipWindows } from "./_windows.ts";
import { predictFeatures } from "./predict_features.ts";

/** Options of {@linkcode predictSignal}. */
export interface PredictSignalOptions {
  /** Rate of `signal` in Hz; resampled to the model's rate per window. @default {model.metadata.audio.sampleRate} */
  sampleRate?: number;
  /** Step between windows in seconds. @default {model.metadata.audio.duration / 2} (1.5) */
  hop?: number;
  /** Windows per `model.predict` call. @default {32} */
  batchSize?: number;
}

/** One window's prediction. */
export interface WindowPrediction {
  /** Start in seconds from the clip's first sample. */
  start: number;
  /** End in seconds (the clip's end when it comes before the window's). */
  end: number;
  /** The label with the highest probability. */
  emotion: string;
  /** Probability per label, in label order. */
  probabilities: Record<string, number>;
}

/** A clip's prediction. */
export interface Prediction {
  /** The label with the highest mean probability. */
  emotion: string;
  /** Mean probability over the windows, per label, in label order. */
  probabilities: Record<string, number>;
  /** Each window's prediction, in time order (one for a RAVDESS clip). */
  windows: WindowPrediction[];
  /** The clip's length in seconds. */
  seconds: number;
  /** Peak level of the audio the windows cover, dBFS (`-Infinity` for digital silence). */
  peakDb: number;
  /** Problems that do not stop the prediction, e.g. near-silence (peak below −60 dBFS). */
  warnings: string[];
}

/**
 * Predicts the emotion of a mono signal: cuts the model's windows
 * ({@linkcode windowStarts}: the training window first, then one per
 * 1.5 s step on long clips), computes each window's log-mel exactly as
 * training does, runs {@linkcode predictFeatures} on them, and averages the
 * windows' probabilities. Runs in a browser too (no Deno APIs).
 *
 * @param model A model folder (`loadPredictor`, `loadModelFolder`).
 * @param signal Mono samples at `sampleRate`, shape [n], n ≥ 1.
 * @param options The signal's rate, the hop and the batch size.
 * @returns The mean probabilities, the top label, each window, warnings.
 * @throws {RangeError} An empty signal or a rate resampling cannot reach.
 * @throws {TypeError} The model and its metadata do not fit together.
 *
 * @example A 10 s tone at 8 kHz: windows every 0.256 s, one label each
 * ```ts
 * import { predictSignal } from "./predict_signal.ts";
 * import { buildSeedCnn } from "../model/seed_cnn.ts";
 * import { DEFAULT_CONFIG } from "../config/mod.ts";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 *
 * const audio = { sampleRate: 8000, offset: 0, duration: 0.512 };
 * const features = { ...DEFAULT_CONFIG.features, nFft: 256, hopLength: 128, nMels: 16 };
 * const inputShape: [number, number, number] = [16, 33, 1];
 * const labels = ["a", "b", "c", "d", "e", "f", "g", "h"];
 * const folder = {
 *   model: buildSeedCnn({ widths: [2, 2, 2, 2], inputShape, seed: 1 }),
 *   metadata: { format: "serlab-model/1" as const, labels, inputShape, normalization: { mean: -40, std: 20 }, audio, features },
 * };
 * const tone = Float32Array.from({ length: 16000 }, (_, n) => 0.3 * Math.sin(n / 3));
 * const prediction = await predictSignal(folder, tone, { sampleRate: 16000 });
 * assertEquals(prediction.seconds, 1);
 * assertEquals(prediction.windows.map((w) => w.start), [0, 0.256]); // round((1 - 0.512) / 0.256) = 2
 * const sum = Object.values(prediction.probabilities).reduce((s, p) => s + p, 0);
 * assertAlmostEquals(sum, 1, 1e-5);
 * assertEquals(prediction.warnings, []);
 * ```
 */
export async function predictSignal(
  model: ModelFolder,
  signal: Float32Array,
  options: PredictSignalOptions = {},
): Promise<Prediction> {
  assertCompatible(model);
  const { audio, labels } = model.metadata;
  const { sampleRate = audio.sampleRate, hop, batchSize } = options;
  const clip = clipWindows(signal, sampleRate, model.metadata, hop);
  const rows = await predictFeatures(model, clip.features, { batchSize });
  return assemblePrediction(labels, clip, rows, audio.offset);
}
