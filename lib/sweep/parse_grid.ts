import { DEFAULT_CONFIG } from "../config/mod.ts";
import type { GridAxis, GridValue } from "./types.ts";

/** Settings whose default is `null` or a number, and that take either. */
const NUMBER_OR_NULL = new Set(["features.fmax", "features.topDb"]);

/** Settings that take one of a few words (lists: each item one of them). */
const WORDS: Record<string, readonly string[]> = {
  "split.protocol": ["random", "actors"],
  "model.head": ["gap", "flatten"],
  "augment.versions": ["original", "noise", "pitch"],
};

/**
 * Parses one `--grid` value, `key=value,value,...`: a setting of
 * `SerlabConfig` by its dotted path and the values it takes. Each value is
 * read as the setting's default is typed: a number, `true`/`false`, a word
 * (`split.protocol`, `model.head` and `augment.versions` items are checked
 * against their allowed words), `null` where the default is `null`
 * (`features.fmax`, `features.topDb`), or a list whose items are joined by
 * `+` (`augment.versions=original,original+noise+pitch`,
 * `model.widths=8+16+16+16`).
 *
 * @param text `key=value,value,...`, as given after `--grid`.
 * @returns The key and its values, in the order given.
 * @throws {TypeError} No `=`, a key that is not a setting of the config (a section, or unknown: the message names the section's settings), a value of the wrong type, an empty or repeated value.
 *
 * @example A learning rate and an augmentation list
 * ```ts
 * import { parseGrid } from "./parse_grid.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(parseGrid("train.learningRate=1e-3,5e-4"), {
 *   key: "train.learningRate",
 *   values: [0.001, 0.0005],
 * });
 * assertEquals(parseGrid("augment.versions=original,original+noise+pitch").values, [
 *   ["original"],
 *   ["original", "noise", "pitch"],
 * ]);
 * assertThrows(() => parseGrid("train.learningRat=1e-3"), TypeError, "not a config setting");
 * assertThrows(() => parseGrid("train.epochs=many"), TypeError, "needs numbers");
 * ```
 */
export function parseGrid(text: string): GridAxis {
  const equals = text.indexOf("=");
  if (equals <= 0) {
    throw new TypeError(
      `--grid needs key=value,value,... e.g. train.learningRate=1e-3,5e-4: got "${text}"`,
    );
  }
  const key = text.slice(0, equals).trim();
  const defaultValue = settingDefault(key);
  const parts = text.slice(equals + 1).split(",").map((part) => part.trim());
  if (parts.some((part) => part === "")) {
    throw new TypeError(`--grid ${key} needs values separated by commas: got "${text}"`);
  }
  const values = parts.map((part) => parseValue(key, defaultValue, part));
  const seen = values.map((value) => JSON.stringify(value));
  const repeated = seen.find((value, i) => seen.indexOf(value) !== i);
  if (repeated !== undefined) {
    throw new TypeError(`--grid ${key} needs distinct values: got ${repeated} twice`);
  }
  return { key, values };
}

/** The default of a setting, which gives its type. */
function settingDefault(key: string): unknown {
  let node: unknown = DEFAULT_CONFIG;
  const path = key.split(".");
  for (const [i, part] of path.entries()) {
    const parent = node as Record<string, unknown>;
    if (
      typeof node !== "object" || node === null || Array.isArray(node) || !Object.hasOwn(node, part)
    ) {
      const where = path.slice(0, i).join(".");
      const known = typeof node === "object" && node !== null && !Array.isArray(node)
        ? Object.keys(parent).join(", ")
        : "";
      throw new TypeError(
        `--grid needs a config setting such as train.learningRate: "${key}" is not a config setting` +
          (known ? ` (${where || "the config"} has ${known})` : ""),
      );
    }
    node = parent[part];
  }
  if (typeof node === "object" && node !== null && !Array.isArray(node)) {
    throw new TypeError(
      `--grid needs a setting, not a section: "${key}" holds ${Object.keys(node).join(", ")}`,
    );
  }
  return node;
}

function parseValue(key: string, defaultValue: unknown, text: string): GridValue {
  if (Array.isArray(defaultValue)) {
    const items = text.split("+").map((item) => item.trim());
    if (items.some((item) => item === "")) {
      throw new TypeError(`--grid ${key} needs list items joined by +: got "${text}"`);
    }
    const example = defaultValue[0];
    return items.map((item) =>
      typeof example === "number" ? parseNumber(key, item, "lists of numbers") : word(key, item)
    );
  }
  if (NUMBER_OR_NULL.has(key) && text === "null") return null;
  switch (typeof defaultValue) {
    case "number":
      return parseNumber(key, text, NUMBER_OR_NULL.has(key) ? "numbers or null" : "numbers");
    case "boolean":
      if (text !== "true" && text !== "false") {
        throw new TypeError(`--grid ${key} needs true or false: got "${text}"`);
      }
      return text === "true";
    case "string":
      return word(key, text);
    default: // a null default
      return parseNumber(key, text, "numbers or null");
  }
}

function parseNumber(key: string, text: string, what: string): number {
  const value = Number(text);
  if (text === "" || !Number.isFinite(value)) {
    throw new TypeError(`--grid ${key} needs ${what}: got "${text}"`);
  }
  return value;
}

function word(key: string, text: string): string {
  const allowed = WORDS[key];
  if (allowed && !allowed.includes(text)) {
    throw new TypeError(`--grid ${key} takes ${allowed.join(", ")}: got "${text}"`);
  }
  return text;
}
