/**
 * HTML text helpers shared by the report pages.
 *
 * @module
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** `text` with `& < > " '` as entities, for element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A `<table>` from a header row and body rows of cells that are already HTML. */
export function htmlTable(
  header: string[],
  rows: string[][],
  options: { className?: string; caption?: string } = {},
): string {
  const { className = "serlab-table", caption } = options;
  const head = `<tr>${header.map((h) => `<th>${h}</th>`).join("")}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join("")}</tr>`);
  return [
    `<table class="${escapeHtml(className)}">`,
    caption === undefined ? "" : `<caption>${caption}</caption>`,
    `<thead>${head}</thead>`,
    `<tbody>`,
    ...body,
    `</tbody></table>`,
  ].filter((line) => line !== "").join("\n");
}
