/**
 * JSON to embed in an HTML `<script>`: `<`, `>`, `/`, `&`, U+2028 and U+2029
 * become `\uXXXX` escapes (so no `</script>` or `<!--` can close or confuse
 * the script), NaN and ±Infinity become `null`, typed arrays become arrays.
 *
 * @module
 */

const UNSAFE = /[<>/&\u2028\u2029]/g;

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  return value;
}

/** `value` as JSON safe to place inside an HTML `<script>` element. */
export function jsonForHtml(value: unknown): string {
  const text = JSON.stringify(value, replacer) ?? "null";
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `value` as plain JSON data: what {@linkcode jsonForHtml} writes, parsed back. */
export function plainJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, replacer) ?? "null");
}
