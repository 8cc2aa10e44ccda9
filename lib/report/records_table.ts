import { escapeHtml } from "./_html.ts";
import { JUPYTER_DISPLAY } from "./display.ts";

/** Options of {@linkcode recordsTable}. */
export interface RecordsTableOptions {
  /** The columns, in order. @default {the keys of the first row} */
  columns?: string[];
  /** Rows shown; the rest are counted in a last line. @default {20} */
  maxRows?: number;
  /** A caption above the table (plain text). @default {undefined} (none) */
  caption?: string;
  /** Decimals of non-integer numbers. @default {2} */
  digits?: number;
}

/** The MIME bundle of a table. */
export interface TableMimeBundle {
  /** The table as HTML, with no script. */
  "text/html": string;
  /** The table as aligned text columns. */
  "text/plain": string;
}

/** A table Deno's Jupyter kernel shows. */
export interface TableDisplayable {
  /** Builds the MIME bundle; the kernel calls it once per display. */
  [JUPYTER_DISPLAY](): TableMimeBundle;
  /** Rows in the data, shown or not. */
  readonly rowCount: number;
}

/**
 * A list of plain objects (one per row, e.g. the clips of a dataset) as a
 * table for a Deno Jupyter notebook: make it the value of a cell. Numbers
 * are right-aligned (integers as they are, others to `digits` decimals,
 * non-finite ones as "n/a"), `null` and `undefined` are empty, other values
 * are shown as text. Only the first `maxRows` rows are shown, followed by a
 * line saying how many are left out.
 *
 * @param rows The rows.
 * @param options Columns, row limit, caption and decimals.
 * @returns A displayable table.
 * @throws {RangeError} `maxRows` is not an integer ≥ 0, or `digits` not an integer in [0, 10].
 *
 * @example Two clips
 * ```ts
 * import { recordsTable } from "./records_table.ts";
 * import { JUPYTER_DISPLAY } from "./display.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const table = recordsTable([
 *   { actor: 1, emotion: "calm", seconds: 3.5035 },
 *   { actor: 2, emotion: "sad", seconds: 3.67 },
 * ], { maxRows: 1 });
 * assertEquals(table[JUPYTER_DISPLAY]()["text/plain"].split("\n"), [
 *   "actor  emotion  seconds",
 *   "    1  calm        3.50",
 *   "… 1 more row (2 in all)",
 * ]);
 * ```
 */
export function recordsTable(
  rows: readonly Record<string, unknown>[],
  options: RecordsTableOptions = {},
): TableDisplayable {
  const { columns = Object.keys(rows[0] ?? {}), maxRows = 20, caption, digits = 2 } = options;
  if (!(Number.isInteger(maxRows) && maxRows >= 0)) {
    throw new RangeError(
      `Cannot make table as maxRows must be an integer >= 0: current value is ${maxRows}`,
    );
  }
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 10)) {
    throw new RangeError(
      `Cannot make table as digits must be an integer in [0, 10]: current value is ${digits}`,
    );
  }
  const shown = rows.slice(0, maxRows);
  const rest = rows.length - shown.length;
  const more = rest > 0 ? `… ${rest} more row${rest === 1 ? "" : "s"} (${rows.length} in all)` : "";
  const text = (value: unknown) =>
    value === null || value === undefined
      ? ""
      : typeof value === "number"
      ? Number.isInteger(value)
        ? String(value)
        : Number.isFinite(value)
        ? value.toFixed(digits)
        : "n/a"
      : String(value);
  const numeric = columns.map((c) => shown.some((r) => typeof r[c] === "number"));
  return {
    rowCount: rows.length,
    [JUPYTER_DISPLAY](): TableMimeBundle {
      const cells = shown.map((row) => columns.map((c) => text(row[c])));
      const align = (i: number) => (numeric[i] ? ' style="text-align:right"' : "");
      const html = [
        `<table class="serlab-table">`,
        caption === undefined ? "" : `<caption>${escapeHtml(caption)}</caption>`,
        `<thead><tr>${
          columns.map((c, i) => `<th${align(i)}>${escapeHtml(c)}</th>`).join("")
        }</tr></thead>`,
        `<tbody>`,
        ...cells.map((row) =>
          `<tr>${row.map((cell, i) => `<td${align(i)}>${escapeHtml(cell)}</td>`).join("")}</tr>`
        ),
        `</tbody></table>`,
        more === "" ? "" : `<p>${escapeHtml(more)}</p>`,
      ].filter((line) => line !== "").join("\n");
      const widths = columns.map((c, i) =>
        Math.max(c.length, ...cells.map((row) => row[i].length))
      );
      const pad = (cell: string, i: number) =>
        numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
      const lines = [columns, ...cells].map((row) => row.map(pad).join("  ").trimEnd());
      return {
        "text/html": html,
        "text/plain": [
          ...(caption === undefined ? [] : [caption]),
          ...lines,
          ...(more ? [more] : []),
        ]
          .join("\n"),
      };
    },
  };
}
