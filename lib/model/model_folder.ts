import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import type { AudioConfig, FeatureConfig } from "../config/mod.ts";

/** Format tag of `serlab.json`; a folder with another tag is refused. */
export const MODEL_FORMAT = "serlab-model/1";

/** What a model needs beside its weights to be used on a WAV: `serlab.json`. */
export interface ModelMetadata {
  /** Always {@linkcode MODEL_FORMAT}. */
  format: typeof MODEL_FORMAT;
  /** Class names in output order. */
  labels: string[];
  /** [nMels, nFrames, 1]. */
  inputShape: [number, number, number];
  /** Input standardisation (x − mean) / std, statistics of the training split alone. */
  normalization: { mean: number; std: number };
  /** The window the model was trained on. */
  audio: AudioConfig;
  /** The log-mel settings it was trained on. */
  features: FeatureConfig;
}

/** A loaded model folder. */
export interface ModelFolder {
  model: tf.LayersModel;
  metadata: ModelMetadata;
}

/**
 * Saves a model as a folder that `tf.loadLayersModel` reads in Deno and in a
 * browser (`model.json` + `weights.bin`), with `serlab.json` beside them.
 * Files are written under `<dir>.tmp` and renamed into place, so an
 * interrupted save never leaves a half-written folder behind.
 *
 * @param model The model.
 * @param dir The folder; replaced when it exists.
 * @param metadata Labels, input shape, normalisation and feature settings.
 *
 * @example Save and load
 * ```ts
 * import { loadModelFolder, saveModelFolder } from "./model_folder.ts";
 * import { buildSeedCnn } from "./seed_cnn.ts";
 * import { DEFAULT_CONFIG } from "../config/mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const model = buildSeedCnn({ widths: [2, 2, 2, 2], inputShape: [16, 16, 1], seed: 1 });
 * const dir = await Deno.makeTempDir();
 * await saveModelFolder(model, `${dir}/model`, {
 *   format: "serlab-model/1", labels: ["a", "b", "c", "d", "e", "f", "g", "h"],
 *   inputShape: [16, 16, 1], normalization: { mean: 0, std: 1 },
 *   audio: DEFAULT_CONFIG.audio, features: DEFAULT_CONFIG.features,
 * });
 * const loaded = await loadModelFolder(`${dir}/model`);
 * assertEquals(loaded.metadata.inputShape, [16, 16, 1]);
 * assertEquals(loaded.model.countParams(), model.countParams());
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function saveModelFolder(
  model: tf.LayersModel,
  dir: string,
  metadata: ModelMetadata,
): Promise<void> {
  const tmp = `${dir}.tmp`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  await Deno.mkdir(tmp, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
    await Deno.writeFile(join(tmp, "weights.bin"), weights);
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
    };
    await Deno.writeTextFile(join(tmp, "model.json"), JSON.stringify(modelJson));
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }));
  await Deno.writeTextFile(join(tmp, "serlab.json"), JSON.stringify(metadata, null, 2) + "\n");
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.rename(tmp, dir);
}

/** A model folder that cannot be used, with the reason. */
export class ModelFolderError extends Error {
  /**
   * @param dir The folder.
   * @param reason Why it cannot be used.
   */
  constructor(readonly dir: string, readonly reason: string) {
    super(`${dir}: ${reason}`);
    this.name = "ModelFolderError";
  }
}

/**
 * Loads a folder written by {@linkcode saveModelFolder}.
 *
 * @param dir The folder.
 * @returns The model and its metadata.
 * @throws {ModelFolderError} A file is missing or unreadable, or `serlab.json` is of another format.
 */
export async function loadModelFolder(dir: string): Promise<ModelFolder> {
  let metadata: ModelMetadata;
  let modelJson: tf.io.ModelJSON;
  let weights: Uint8Array;
  try {
    metadata = JSON.parse(await Deno.readTextFile(join(dir, "serlab.json")));
    modelJson = JSON.parse(await Deno.readTextFile(join(dir, "model.json")));
    weights = await Deno.readFile(join(dir, "weights.bin"));
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? "not a serlab model folder (model.json, weights.bin and serlab.json are needed)"
      : `cannot read the model: ${(error as Error).message}`;
    throw new ModelFolderError(dir, reason);
  }
  if (metadata?.format !== MODEL_FORMAT) {
    throw new ModelFolderError(
      dir,
      `serlab.json is of format ${
        JSON.stringify(metadata?.format)
      }, this serlab reads ${MODEL_FORMAT}`,
    );
  }
  try {
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(
        weights.byteOffset,
        weights.byteOffset + weights.byteLength,
      ) as ArrayBuffer,
    }));
    return { model, metadata };
  } catch (error) {
    throw new ModelFolderError(dir, `cannot load the model: ${(error as Error).message}`);
  }
}
