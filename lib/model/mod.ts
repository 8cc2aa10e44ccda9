/**
 * Models: the seed project's 4-block CNN, and the model folder that
 * training writes and prediction reads (`model.json`, `weights.bin`, `serlab.json`).
 *
 * @module
 */
export * from "./seed_cnn.ts";
export * from "./model_folder.ts";
