import * as tf from "@tensorflow/tfjs";
import type { ModelFolder } from "../model/model_folder.ts";
import { assertCompatible } from "./_check_model.ts";

/** Options of {@linkcode predictFeatures}. */
export interface PredictFeaturesOptions {
  /** Examples per `model.predict` call; the results do not depend on it beyond float rounding. @default {32} */
  batchSize?: number;
  /**
   * The features are already standardised with the model's normalisation
   * (as `prepareData` returns its sets): skip that step.
   * @default {false}
   */
  standardized?: boolean;
}

/**
 * Class probabilities of log-mel spectrograms, in batches: each is
 * standardised with the model's `(x − mean) / std` (in double precision,
 * stored as float32, as training does) and fed as `[batch, nMels, nFrames, 1]`. This is the batch form that
 * evaluation uses on `computeFeatures(...).data`; {@linkcode predictSignal},
 * {@linkcode predictFile} and {@linkcode predictFiles} call it on their
 * windows, so every path gives the same numbers.
 *
 * @param model A model folder (`loadPredictor`, `loadModelFolder`).
 * @param features Log-mels, raw unless `standardized`, row-major
 *   [items, nMels, nFrames] as `FeatureSet.data`, with [nMels, nFrames]
 *   the model's `inputShape`.
 * @param options Batch size; whether `features` are already standardised.
 * @returns One row of probabilities per item, in `metadata.labels` order
 *   (views of one [items, labels] buffer).
 * @throws {RangeError} `features` is not a whole number of [nMels, nFrames]
 *   items, or `batchSize` is not an integer ≥ 1.
 * @throws {TypeError} The model and its metadata do not fit together.
 *
 * @example Probabilities of two spectrograms from a small untrained model
 * ```ts
 * import { predictFeatures } from "./predict_features.ts";
 * import { buildSeedCnn } from "../model/seed_cnn.ts";
 * import { DEFAULT_CONFIG } from "../config/mod.ts";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 *
 * const audio = { sampleRate: 8000, offset: 0, duration: 0.512 };
 * const features = { ...DEFAULT_CONFIG.features, nFft: 256, hopLength: 128, nMels: 16 };
 * const inputShape: [number, number, number] = [16, 33, 1];
 * const model = buildSeedCnn({ widths: [2, 2, 2, 2], inputShape, seed: 1 });
 * const labels = ["a", "b", "c", "d", "e", "f", "g", "h"];
 * const folder = {
 *   model,
 *   metadata: { format: "serlab-model/1" as const, labels, inputShape, normalization: { mean: -40, std: 20 }, audio, features },
 * };
 * const rows = await predictFeatures(folder, new Float32Array(2 * 16 * 33).fill(-30));
 * assertEquals(rows.length, 2);
 * assertAlmostEquals(rows[0].reduce((s, p) => s + p, 0), 1, 1e-5);
 * assertEquals(rows[0], rows[1]);
 * ```
 */
export async function predictFeatures(
  model: ModelFolder,
  features: Float32Array,
  options: PredictFeaturesOptions = {},
): Promise<Float32Array[]> {
  const { batchSize = 32, standardized = false } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(
      `Cannot predict as batchSize must be an integer >= 1: current value is ${batchSize}`,
    );
  }
  assertCompatible(model);
  const { labels, inputShape: [nMels, nFrames], normalization: { mean, std } } = model.metadata;
  const size = nMels * nFrames;
  const items = features.length / size;
  if (!Number.isInteger(items)) {
    throw new RangeError(
      `Cannot predict as features must hold whole [${nMels}, ${nFrames}] log-mels: current length is ${features.length}`,
    );
  }
  const out = new Float32Array(items * labels.length);
  for (let first = 0; first < items; first += batchSize) {
    const count = Math.min(batchSize, items - first);
    const input = new Float32Array(count * size);
    const from = first * size;
    if (standardized) input.set(features.subarray(from, from + input.length));
    else for (let i = 0; i < input.length; i++) input[i] = (features[from + i] - mean) / std;
    const probabilities = tf.tidy(() =>
      model.model.predict(tf.tensor4d(input, [count, nMels, nFrames, 1])) as tf.Tensor
    );
    out.set(await probabilities.data() as Float32Array, first * labels.length);
    probabilities.dispose();
  }
  return Array.from(
    { length: items },
    (_, i) => out.subarray(i * labels.length, (i + 1) * labels.length),
  );
}
