/** The columns of a predictions CSV before the `p_<label>` probability columns. */
export const RECORD_COLUMNS = [
  "file",
  "actor",
  "gender",
  "emotion",
  "intensity",
  "statement",
  "predicted",
  "fold",
] as const;

/** The prefix of a probability column: `p_neutral`, `p_calm`, … */
export const PROBABILITY_PREFIX = "p_";

/**
 * The shortest decimal (at most 9 significant digits) that reads back, through
 * `Math.fround(Number(text))`, to the float32 nearest `value`.
 */
export function formatFloat32(value: number): string {
  const target = Math.fround(value);
  if (!Number.isFinite(target)) return String(target);
  for (let digits = 1; digits < 9; digits++) {
    const text = String(Number(target.toPrecision(digits)));
    if (Math.fround(Number(text)) === target) return text;
  }
  return String(Number(target.toPrecision(9)));
}

/** A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break. */
export function quoteField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** One parsed CSV row and the 1-based line it starts on. */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * Splits RFC 4180 text into rows: fields may be quoted (`""` is a quote, and
 * quoted fields may span lines); `\n` and `\r\n` both end a row; a final line
 * break is optional and blank lines are skipped.
 *
 * @throws {SyntaxError} A quote inside an unquoted field, text after a closing
 *   quote, or a quoted field that never closes.
 */
export function parseCsvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let line = 1;
  let i = 0;
  const cannot = "Cannot parse predictions CSV";
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = "";
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) {
            throw new SyntaxError(
              `${cannot} as a quoted field must close: current value is an open quote on line ${start}`,
            );
          }
          const c = text[i++];
          if (c === '"') {
            if (text[i] === '"') {
              field += '"';
              i++;
            } else break;
          } else {
            if (c === "\n") line++;
            field += c;
          }
        }
        if (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
          throw new SyntaxError(
            `${cannot} as a closing quote must end its field: current value is ${
              JSON.stringify(text[i])
            } after it on line ${line}`,
          );
        }
      } else {
        while (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
          if (text[i] === '"') {
            throw new SyntaxError(
              `${cannot} as a quote must start its field: current value is a quote inside a field on line ${line}`,
            );
          }
          field += text[i++];
        }
      }
      fields.push(field);
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "\r" && text[i + 1] === "\n") i += 2;
      else if (text[i] === "\n" || text[i] === "\r") i++;
      line++;
      break;
    }
    if (!(fields.length === 1 && fields[0] === "")) rows.push({ line: start, fields });
  }
  return rows;
}
