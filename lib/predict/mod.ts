/**
 * Prediction: the emotion of a WAV file, a signal, or a batch of log-mels,
 * from a model folder. Every path cuts the same windows and computes the
 * same features as training, and calls {@linkcode predictFeatures}, so
 * `deno task predict`, `deno task evaluate`, notebooks and the web page
 * agree.
 *
 * - {@linkcode loadPredictor}: load a model folder and check it fits its `serlab.json`.
 * - {@linkcode predictFile}, {@linkcode predictSignal}: one clip.
 * - {@linkcode predictFiles}: many files, windows batched across files.
 * - {@linkcode predictFeatures}: log-mels already computed (e.g. `computeFeatures(...).data`).
 * - {@linkcode windowStarts}: the window rule. A clip gets
 *   `max(1, round((L − 3) / 1.5))` windows of 3 s every 1.5 s from 0.5 s,
 *   `L` being its length after the 0.5 s offset: one, the training window,
 *   for every RAVDESS clip; 18 for a 30 s clip.
 *
 * @example Predict a RAVDESS clip
 * ```ts ignore
 * import { initBackend } from "../backend/mod.ts";
 * import { loadPredictor, predictFile } from "./mod.ts";
 *
 * await initBackend({ log: null });
 * const model = await loadPredictor("models/reference");
 * const prediction = await predictFile(model, "data/ravdess/Actor_01/03-01-05-01-01-01-01.wav");
 * console.log(prediction.emotion, prediction.probabilities.angry);
 * ```
 *
 * @example Evaluate: the batch form on cached features
 * ```ts ignore
 * import { computeFeatures } from "../pipeline/mod.ts";
 * import { loadPredictor, predictFeatures } from "./mod.ts";
 *
 * const model = await loadPredictor("runs/seed/model");
 * const features = await computeFeatures(items, config); // the test split, originals only
 * const probabilities = await predictFeatures(model, features.data); // one row per item
 * // prepareData()'s sets are standardised already:
 * const same = await predictFeatures(model, prepared.test.x, { standardized: true });
 * ```
 *
 * @module
 */
export * from "./load_predictor.ts";
export * from "./predict_features.ts";
export * from "./predict_file.ts";
export * from "./predict_files.ts";
export * from "./predict_signal.ts";
export * from "./window_starts.ts";
