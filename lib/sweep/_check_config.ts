/**
 * The checks `deno task train`'s flags make, applied to a config a grid
 * made, so a bad grid point fails when the sweep is planned, not when its
 * task runs.
 *
 * @module
 */
import type { SerlabConfig } from "../config/mod.ts";

/**
 * Throws on the first setting out of its domain.
 *
 * @param config The config of a grid point.
 * @param where Names the point in the message, e.g. `grid point "train.learningRate=-1"`.
 * @throws {TypeError} One line naming the point, the setting and its value.
 */
export function checkConfig(config: SerlabConfig, where: string): void {
  const fail = (setting: string, rule: string, value: unknown): never => {
    throw new TypeError(`${where}: ${setting} must be ${rule}: got ${JSON.stringify(value)}`);
  };
  const { train, model, augment, split, audio, features } = config;
  const isCount = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
  if (!(train.learningRate > 0)) fail("train.learningRate", "> 0", train.learningRate);
  if (!isCount(train.epochs)) fail("train.epochs", "a whole number >= 1", train.epochs);
  if (!isCount(train.batchSize)) fail("train.batchSize", "a whole number >= 1", train.batchSize);
  if (!Number.isInteger(train.seed)) fail("train.seed", "a whole number", train.seed);
  if (!Number.isInteger(split.seed)) fail("split.seed", "a whole number", split.seed);
  if (!(model.widths.length >= 1 && model.widths.every(isCount))) {
    fail("model.widths", "whole numbers >= 1", model.widths);
  }
  if (
    model.dropout.length !== model.widths.length || !model.dropout.every((r) => r >= 0 && r < 1)
  ) {
    fail("model.dropout", `one rate in [0, 1) per block (${model.widths.length})`, model.dropout);
  }
  if (augment.versions.length === 0 || new Set(augment.versions).size !== augment.versions.length) {
    fail("augment.versions", "distinct versions", augment.versions);
  }
  if (!(audio.sampleRate > 0)) fail("audio.sampleRate", "> 0", audio.sampleRate);
  if (!(audio.duration > 0)) fail("audio.duration", "> 0", audio.duration);
  if (!isCount(features.nFft)) fail("features.nFft", "a whole number >= 1", features.nFft);
  if (!isCount(features.hopLength)) {
    fail("features.hopLength", "a whole number >= 1", features.hopLength);
  }
  if (!isCount(features.nMels)) fail("features.nMels", "a whole number >= 1", features.nMels);
}
