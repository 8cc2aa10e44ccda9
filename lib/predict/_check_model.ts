/**
 * Whether a model and its `serlab.json` fit together and can predict from
 * WAVs. Browser-safe: no Deno APIs, so the web page runs the same check.
 *
 * @module
 */
import type { ModelFolder } from "../model/model_folder.ts";

/**
 * Why `folder` cannot predict from WAVs, or `null` when it can: its
 * labels, input shape, normalisation and feature settings must agree with
 * each other and with the model's layers.
 */
export function modelIncompatibility(folder: ModelFolder): string | null {
  const { model, metadata } = folder;
  const { labels, inputShape, normalization, audio, features } = metadata ?? {};
  if (!Array.isArray(labels) || labels.length === 0) return "serlab.json has no labels";
  if (!audio || !features) return "serlab.json has no audio or feature settings";
  if (!Array.isArray(inputShape) || inputShape.length !== 3) {
    return `serlab.json inputShape must be [mels, frames, 1]: current value is ${
      JSON.stringify(inputShape)
    }`;
  }
  const { mean, std } = normalization ?? {};
  if (!Number.isFinite(mean) || !(std > 0 && Number.isFinite(std))) {
    return `serlab.json normalization must have a finite mean and a std > 0: current value is ${
      JSON.stringify(normalization)
    }`;
  }
  const samples = Math.round(audio.duration * audio.sampleRate);
  const frames = 1 + Math.floor(samples / features.hopLength);
  const expected = [features.nMels, frames, 1];
  if (inputShape.some((v, i) => v !== expected[i])) {
    return `serlab.json inputShape ${JSON.stringify(inputShape)} does not match its audio and ` +
      `feature settings, which give ${JSON.stringify(expected)}`;
  }
  const modelInput = model.inputs[0]?.shape.slice(1);
  if (JSON.stringify(modelInput) !== JSON.stringify(inputShape)) {
    return `the model takes input ${JSON.stringify(modelInput)}, serlab.json says ${
      JSON.stringify(inputShape)
    }`;
  }
  const outputs = model.outputs[0]?.shape.at(-1);
  if (outputs !== labels.length) {
    return `the model has ${outputs} outputs for ${labels.length} labels`;
  }
  return null;
}

/** Throws when {@linkcode modelIncompatibility} finds a problem. */
export function assertCompatible(folder: ModelFolder): void {
  const problem = modelIncompatibility(folder);
  if (problem) throw new TypeError(`Cannot predict as the model does not fit: ${problem}`);
}
