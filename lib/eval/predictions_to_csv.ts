import { EMOTIONS } from "../dataset/names.ts";
import { formatFloat32, PROBABILITY_PREFIX, quoteField, RECORD_COLUMNS } from "./_csv.ts";
import type { PredictionRecord } from "./types.ts";

/** Options of {@linkcode predictionsToCsv}. */
export interface PredictionsToCsvOptions {
  /** The labels of the probabilities, one `p_<label>` column each, in order. @default {EMOTIONS} */
  labels?: readonly string[];
}

/**
 * Writes test predictions as CSV, one record per line after a header:
 * `file,actor,gender,emotion,intensity,statement,predicted,fold,p_neutral,…,p_surprised`.
 *
 * `fold` is empty for records without one. Probabilities are written at
 * float32 precision, as the shortest decimal that reads back to the same
 * float32 (at most 9 significant digits): a model's float32 outputs
 * round-trip exactly through {@linkcode parsePredictionsCsv}. Fields holding a
 * comma, quote or line break are quoted (RFC 4180); lines end in `\n`,
 * the last one too.
 *
 * @param records The predictions.
 * @param options The probability labels.
 * @returns The CSV text.
 * @throws {RangeError} A record with a number of probabilities other than the number of labels.
 *
 * @example One prediction
 * ```ts
 * import { predictionsToCsv } from "./predictions_to_csv.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const csv = predictionsToCsv([{
 *   file: "Actor_01/03-01-05-01-01-01-01.wav",
 *   actor: 1,
 *   gender: "male",
 *   emotion: "angry",
 *   intensity: "normal",
 *   statement: 1,
 *   predicted: "angry",
 *   probabilities: [0, 0, 0, 0.25, Math.fround(0.7), Math.fround(0.05), 0, 0],
 * }]);
 * assertEquals(csv.split("\n"), [
 *   "file,actor,gender,emotion,intensity,statement,predicted,fold," +
 *   "p_neutral,p_calm,p_happy,p_sad,p_angry,p_fearful,p_disgust,p_surprised",
 *   "Actor_01/03-01-05-01-01-01-01.wav,1,male,angry,normal,1,angry,,0,0,0,0.25,0.7,0.05,0,0",
 *   "",
 * ]);
 * ```
 */
export function predictionsToCsv(
  records: readonly PredictionRecord[],
  options: PredictionsToCsvOptions = {},
): string {
  const { labels = EMOTIONS } = options;
  const header = [...RECORD_COLUMNS, ...labels.map((label) => PROBABILITY_PREFIX + label)];
  const lines = [header.map(quoteField).join(",")];
  records.forEach((record, i) => {
    if (record.probabilities.length !== labels.length) {
      throw new RangeError(
        `Cannot write predictions CSV as probabilities must have one value per label (${labels.length}): ` +
          `current value is ${record.probabilities.length} values in record ${i}`,
      );
    }
    const fields = [
      record.file,
      String(record.actor),
      record.gender,
      record.emotion,
      record.intensity,
      String(record.statement),
      record.predicted,
      record.fold === undefined ? "" : String(record.fold),
      ...record.probabilities.map(formatFloat32),
    ];
    lines.push(fields.map(quoteField).join(","));
  });
  return lines.join("\n") + "\n";
}
