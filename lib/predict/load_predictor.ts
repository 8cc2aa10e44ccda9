import { loadModelFolder, type ModelFolder, ModelFolderError } from "../model/model_folder.ts";
import { modelIncompatibility } from "./_check_model.ts";

/**
 * Loads a model folder for prediction (`loadModelFolder`) and checks that it
 * can predict from WAVs: its labels, input shape, normalisation and feature
 * settings agree with each other and with the model's layers. Call
 * `initBackend()` first to pick where tfjs computes.
 *
 * @param dir A folder written by `saveModelFolder` (`model.json`, `weights.bin`, `serlab.json`).
 * @returns The model and its metadata.
 * @throws {ModelFolderError} The folder is missing, a file is missing or
 *   unreadable, `serlab.json` is of another format, or the model does not fit it.
 *
 * @example Load a saved model; a missing folder says so
 * ```ts
 * import { loadPredictor } from "./load_predictor.ts";
 * import { buildSeedCnn, ModelFolderError, saveModelFolder } from "../model/mod.ts";
 * import { DEFAULT_CONFIG } from "../config/mod.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const audio = { sampleRate: 8000, offset: 0, duration: 0.512 };
 * const features = { ...DEFAULT_CONFIG.features, nFft: 256, hopLength: 128, nMels: 16 };
 * const inputShape: [number, number, number] = [16, 33, 1];
 * await saveModelFolder(buildSeedCnn({ widths: [2, 2, 2, 2], inputShape, seed: 1 }), `${dir}/model`, {
 *   format: "serlab-model/1", labels: ["a", "b", "c", "d", "e", "f", "g", "h"],
 *   inputShape, normalization: { mean: -40, std: 20 }, audio, features,
 * });
 * const { metadata } = await loadPredictor(`${dir}/model`);
 * assertEquals(metadata.inputShape, inputShape);
 * await assertRejects(() => loadPredictor(`${dir}/nothing`), ModelFolderError, "no such folder");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadPredictor(dir: string): Promise<ModelFolder> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (error) {
    throw new ModelFolderError(
      dir,
      error instanceof Deno.errors.NotFound ? "no such folder" : (error as Error).message,
    );
  }
  if (!info.isDirectory) throw new ModelFolderError(dir, "not a folder");
  const folder = await loadModelFolder(dir);
  const problem = modelIncompatibility(folder);
  if (problem) throw new ModelFolderError(dir, `incompatible model: ${problem}`);
  return folder;
}
