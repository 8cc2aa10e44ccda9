import { parseCsvRows, PROBABILITY_PREFIX, RECORD_COLUMNS } from "./_csv.ts";
import type { PredictionRecord } from "./types.ts";

/**
 * Reads predictions written by {@linkcode predictionsToCsv}. The labels are
 * those of the header's `p_<label>` columns, in order; `emotion` and
 * `predicted` must be among them. An empty `fold` leaves the field out.
 * Probabilities are returned as float32 values (`Math.fround`), so what
 * `predictionsToCsv` wrote from float32 outputs comes back identical.
 * Lines may end in `\n` or `\r\n`; blank lines are skipped.
 *
 * @param text CSV text with its header.
 * @returns The records, in file order (none for a header alone).
 * @throws {SyntaxError} No header, a header other than
 *   `file,actor,gender,emotion,intensity,statement,predicted,fold,p_…`, a row
 *   with the wrong number of fields, broken quoting, or a value out of its
 *   domain (actor and fold positive integers, gender male or female,
 *   intensity normal or strong, statement 1 or 2, probabilities numbers).
 *
 * @example Read back what was written
 * ```ts
 * import { parsePredictionsCsv } from "./parse_predictions_csv.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const text = "file,actor,gender,emotion,intensity,statement,predicted,fold,p_sad,p_angry\n" +
 *   "a.wav,2,female,sad,strong,2,angry,3,0.25,0.75\n";
 * assertEquals(parsePredictionsCsv(text), [{
 *   file: "a.wav",
 *   actor: 2,
 *   gender: "female",
 *   emotion: "sad",
 *   intensity: "strong",
 *   statement: 2,
 *   predicted: "angry",
 *   probabilities: [0.25, 0.75],
 *   fold: 3,
 * }]);
 * ```
 */
export function parsePredictionsCsv(text: string): PredictionRecord[] {
  const cannot = "Cannot parse predictions CSV";
  const rows = parseCsvRows(text.startsWith("\uFEFF") ? text.slice(1) : text);
  if (rows.length === 0) {
    throw new SyntaxError(`${cannot} as it must start with a header: current value is empty text`);
  }
  const header = rows[0].fields;
  const fixed = header.slice(0, RECORD_COLUMNS.length);
  const probabilityColumns = header.slice(RECORD_COLUMNS.length);
  if (
    fixed.join(",") !== RECORD_COLUMNS.join(",") ||
    probabilityColumns.length === 0 ||
    probabilityColumns.some((column) => !column.startsWith(PROBABILITY_PREFIX))
  ) {
    const expected = `${RECORD_COLUMNS.join(",")},${PROBABILITY_PREFIX}<label>,…`;
    throw new SyntaxError(
      `${cannot} as the header must be ${expected}: current value is ${header.join(",")}`,
    );
  }
  const labels = new Set(
    probabilityColumns.map((column) => column.slice(PROBABILITY_PREFIX.length)),
  );
  return rows.slice(1).map(({ line, fields }) => {
    if (fields.length !== header.length) {
      throw new SyntaxError(
        `${cannot} as each row must have ${header.length} fields: current value is ${fields.length} on line ${line}`,
      );
    }
    const fail = (column: string, rule: string, value: string): never => {
      throw new SyntaxError(
        `${cannot} as ${column} must be ${rule}: current value is ${
          JSON.stringify(value)
        } on line ${line}`,
      );
    };
    const oneOf = <T extends string>(column: string, allowed: readonly T[], value: string): T =>
      (allowed as readonly string[]).includes(value)
        ? value as T
        : fail(column, `one of ${allowed.join(", ")}`, value);
    const positiveInteger = (column: string, value: string): number =>
      /^[1-9]\d*$/.test(value) ? Number(value) : fail(column, "a positive integer", value);
    const [file, actor, gender, emotion, intensity, statement, predicted, fold] = fields;
    const label = (column: string, value: string) =>
      labels.has(value)
        ? value as PredictionRecord["emotion"]
        : fail(column, "a label of the header", value);
    const record: PredictionRecord = {
      file,
      actor: positiveInteger("actor", actor),
      gender: oneOf("gender", ["male", "female"], gender),
      emotion: label("emotion", emotion),
      intensity: oneOf("intensity", ["normal", "strong"], intensity),
      statement: Number(oneOf("statement", ["1", "2"], statement)) as 1 | 2,
      predicted: label("predicted", predicted),
      probabilities: fields.slice(RECORD_COLUMNS.length).map((value, k) => {
        const number = value.trim() === "" ? NaN : Number(value);
        if (Number.isNaN(number) && value !== "NaN") fail(probabilityColumns[k], "a number", value);
        return Math.fround(number);
      }),
    };
    if (fold !== "") record.fold = positiveInteger("fold", fold);
    return record;
  });
}
