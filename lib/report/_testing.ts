/**
 * Small hand-made metrics and epoch logs for the tests and examples of
 * `lib/report`.
 *
 * @module
 */
import type { EpochLog, KFoldMetrics, RunConfig, RunMetrics } from "./_types.ts";

/**
 * Metrics of a 3-class run on 12 clips, consistent with its confusion matrix
 * `[[3, 1, 0], [0, 4, 0], [1, 0, 3]]` (10 correct), with or without CIs.
 */
export function tinyMetrics(options: { ci?: boolean; shift?: number } = {}): RunMetrics {
  const { ci = true, shift = 0 } = options;
  const labels = ["neutral", "happy", "sad"];
  const confusion = [[3, 1, 0], [0, 4, 0], [1, 0, 3]];
  const rows = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = labels.map((_, j) => confusion.reduce((a, row) => a + row[j], 0));
  const perClass = labels.map((label, i) => {
    const precision = confusion[i][i] / cols[i];
    const recall = confusion[i][i] / rows[i];
    return {
      label,
      precision,
      recall,
      f1: (2 * precision * recall) / (precision + recall),
      support: rows[i],
    };
  });
  const accuracy = 10 / 12 + shift;
  const macroF1 = perClass.reduce((a, c) => a + c.f1, 0) / 3 + shift;
  const uar = perClass.reduce((a, c) => a + c.recall, 0) / 3 + shift;
  return {
    n: 12,
    labels,
    accuracy,
    macroF1,
    macroPrecision: perClass.reduce((a, c) => a + c.precision, 0) / 3,
    macroRecall: uar,
    uar,
    perClass,
    zeroDivision: 0,
    confusion,
    confusionNormalized: confusion.map((row, i) => row.map((c) => c / rows[i])),
    byGender: {
      male: { n: 6, accuracy: 5 / 6, uar: 0.8, macroF1: 0.8 },
      female: { n: 6, accuracy: 5 / 6 - 0.1, uar: 0.7, macroF1: 0.7 },
    },
    genderGap: 0.1,
    byEmotionGender: [
      { label: "neutral", male: 1, female: 0.5, nMale: 2, nFemale: 2 },
      { label: "happy", male: 1, female: 1, nMale: 2, nFemale: 2 },
      { label: "sad", male: 0.5, female: 1, nMale: 2, nFemale: 2 },
    ],
    byActor: {
      "10": { n: 4, accuracy: 0.75, uar: 0.7, macroF1: 0.7, gender: "male" },
      "1": { n: 4, accuracy: 1, uar: 1, macroF1: 1, gender: "male" },
      "2": { n: 4, accuracy: 0.75, uar: 0.7, macroF1: 0.7, gender: "female" },
    },
    byIntensity: { normal: { n: 6, accuracy: 1, uar: 1, macroF1: 1 } },
    byStatement: { "1": { n: 6, accuracy: 5 / 6, uar: 0.8, macroF1: 0.8 } },
    ...(ci
      ? {
        ci: {
          accuracy: { low: accuracy - 0.05, high: accuracy + 0.05 },
          macroF1: { low: macroF1 - 0.05, high: macroF1 + 0.05 },
          uar: { low: uar - 0.05, high: uar + 0.05 },
          genderGap: { low: -0.05, high: 0.25 },
          settings: { resamples: 1000, confidence: 0.95, seed: 42 },
        },
      }
      : {}),
  };
}

/** A 2-fold run built from two {@linkcode tinyMetrics}. */
export function tinyKFold(): KFoldMetrics {
  const folds = [tinyMetrics({ shift: -0.02 }), tinyMetrics({ shift: 0.02 })];
  const pooled = tinyMetrics();
  return {
    folds,
    mean: { accuracy: pooled.accuracy, macroF1: pooled.macroF1, uar: pooled.uar, genderGap: 0.1 },
    std: { accuracy: 0.02, macroF1: 0.02, uar: 0.02, genderGap: 0 },
    pooled,
  };
}

/** An epoch log of `epochs` epochs, loss falling and accuracy rising, LR halved at half-time. */
export function tinyHistory(epochs = 4, offset = 0): EpochLog[] {
  return Array.from({ length: epochs }, (_, i) => ({
    epoch: i + 1,
    loss: 2 / (i + 1) + offset,
    accuracy: 0.3 + 0.1 * i,
    valLoss: 2.2 / (i + 1) + offset,
    valAccuracy: 0.25 + 0.1 * i,
    lr: i < epochs / 2 ? 1e-3 : 5e-4,
    seconds: 10,
  }));
}

/** A `config.json` with nested settings, a backend line and versions. */
export function tinyConfig(fold: number | null = null): RunConfig {
  return {
    config: {
      epochs: 4,
      learningRate: 0.001,
      model: { head: "flatten", dropout: [0.1, 0.2] },
      augment: { noise: true, note: "<b>not bold</b>" },
    },
    protocol: fold === null ? "actor-split" : "k-fold",
    fold,
    backend: { line: "wasm (simd, 2 threads)", threads: 2 },
    versions: { serlab: "0.1.0", deno: "2.9.6" },
    dataHash: "sha256:abc123",
  };
}

/**
 * Writes a run folder: `config.json`, `history.json` and `metrics.json`; or,
 * with `folds`, a K-fold parent holding `fold-1/ … fold-K/` run folders (fold
 * k with a k-epoch history) and the K-fold `metrics.json`, without a
 * `config.json` of its own.
 */
export async function writeTinyRun(dir: string, options: { folds?: number } = {}): Promise<void> {
  const { folds } = options;
  await Deno.mkdir(dir, { recursive: true });
  const write = (path: string, value: unknown) =>
    Deno.writeTextFile(`${dir}/${path}`, JSON.stringify(value, null, 2));
  if (folds === undefined) {
    await write("config.json", tinyConfig());
    await write("history.json", tinyHistory(6));
    await write("metrics.json", tinyMetrics());
    return;
  }
  const kfold = tinyKFold();
  kfold.folds = Array.from({ length: folds }, (_, i) => tinyMetrics({ shift: 0.01 * i }));
  for (let k = 1; k <= folds; k++) {
    await Deno.mkdir(`${dir}/fold-${k}`);
    await write(`fold-${k}/config.json`, tinyConfig(k));
    await write(`fold-${k}/history.json`, tinyHistory(k + 1, 0.05 * k));
    await write(`fold-${k}/metrics.json`, kfold.folds[k - 1]);
  }
  await write("metrics.json", kfold);
}
