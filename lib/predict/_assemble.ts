/**
 * Turns window probabilities into a {@linkcode Prediction}: the mean over
 * windows, its top label, and warnings. Browser-safe.
 *
 * @module
 */
import type { Prediction, WindowPrediction } from "./predict_signal.ts";
import type { ClipWindows } from "./_windows.ts";

/** Peaks below this (dBFS) get a near-silence warning. */
export const NEAR_SILENT_DB = -60;

/** The prediction of one clip from its windows' probability rows. */
export function assemblePrediction(
  labels: readonly string[],
  clip: ClipWindows,
  rows: Float32Array[],
  offset: number,
): Prediction {
  const mean = new Float64Array(labels.length);
  for (const row of rows) row.forEach((p, i) => mean[i] += p);
  if (rows.length > 1) mean.forEach((sum, i) => mean[i] = sum / rows.length);
  const windows: WindowPrediction[] = rows.map((row, k) => ({
    start: clip.starts[k],
    end: clip.ends[k],
    emotion: labels[argmax(row)],
    probabilities: keyed(labels, row),
  }));
  const peakDb = clip.peak > 0 ? 20 * Math.log10(clip.peak) : -Infinity;
  const warnings: string[] = [];
  if (peakDb < NEAR_SILENT_DB) {
    warnings.push(
      clip.peak === 0
        ? "silent (every sample is 0): the prediction means nothing"
        : `near-silent (peak ${
          peakDb.toFixed(1)
        } dBFS, below ${NEAR_SILENT_DB}): the prediction means little`,
    );
  }
  if (clip.seconds <= offset && offset > 0) {
    warnings.push(
      `shorter than the model's ${offset} s offset: its window starts at 0 s instead`,
    );
  }
  return {
    emotion: labels[argmax(mean)],
    probabilities: keyed(labels, mean),
    windows,
    seconds: clip.seconds,
    peakDb,
    warnings,
  };
}

function keyed(labels: readonly string[], values: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(labels.map((label, i) => [label, values[i]]));
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
