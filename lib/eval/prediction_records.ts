import { relative } from "node:path";
import { EMOTIONS, type RavdessClip } from "../dataset/mod.ts";
import type { PredictionRecord } from "./types.ts";

/** Options of {@linkcode predictionRecords}. */
export interface PredictionRecordsOptions {
  /** Folder the record's `file` is relative to. @default {undefined} (the clip's path as it is) */
  dataDir?: string;
  /** The fold of a k-fold run, written into each record. @default {undefined} (none) */
  fold?: number;
}

/**
 * Turns a model's class probabilities for test clips into prediction
 * records, the input of {@linkcode evaluatePredictions} and
 * {@linkcode predictionsToCsv}: the clip's metadata, its predicted label
 * (the arg max, the first on ties) and its probabilities in `EMOTIONS` order.
 *
 * @param clips The test clips, in the order the model saw them.
 * @param probabilities Row-major [clips.length, 8] (`predictProbabilities` of `lib/train`).
 * @param options Data folder for relative file names, and the fold.
 * @returns One record per clip, in order.
 * @throws {RangeError} `probabilities` does not hold 8 values per clip.
 *
 * @example Two clips
 * ```ts
 * import { predictionRecords } from "./prediction_records.ts";
 * import { parseRavdessName } from "../dataset/mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const name = "03-01-04-02-01-01-02.wav"; // sad, strong, actor 2
 * const clip = { ...parseRavdessName(name), path: `data/ravdess/Actor_02/${name}` };
 * const probabilities = new Float32Array(16);
 * probabilities[3] = 0.9; // sad
 * probabilities[8 + 4] = 0.6; // angry
 * const records = predictionRecords([clip, clip], probabilities, { dataDir: "data/ravdess" });
 * assertEquals(records.map((r) => [r.file, r.emotion, r.predicted]), [
 *   ["Actor_02/03-01-04-02-01-01-02.wav", "sad", "sad"],
 *   ["Actor_02/03-01-04-02-01-01-02.wav", "sad", "angry"],
 * ]);
 * ```
 */
export function predictionRecords(
  clips: readonly RavdessClip[],
  probabilities: ArrayLike<number>,
  options: PredictionRecordsOptions = {},
): PredictionRecord[] {
  const { dataDir, fold } = options;
  const k = EMOTIONS.length;
  if (probabilities.length !== clips.length * k) {
    throw new RangeError(
      `Cannot make prediction records as probabilities must hold ${k} values per clip (${
        clips.length * k
      }): current length is ${probabilities.length}`,
    );
  }
  return clips.map((clip, i) => {
    const row = Array.from({ length: k }, (_, c) => probabilities[i * k + c]);
    let arg = 0;
    for (let c = 1; c < k; c++) if (row[c] > row[arg]) arg = c;
    return {
      file: dataDir === undefined ? clip.path : relative(dataDir, clip.path),
      actor: clip.actor,
      gender: clip.gender,
      emotion: clip.emotion,
      intensity: clip.intensity,
      statement: clip.statement,
      predicted: EMOTIONS[arg],
      probabilities: row,
      ...(fold === undefined ? {} : { fold }),
    };
  });
}
