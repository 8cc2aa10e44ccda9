/**
 * The two file questions every layer asks of a run or cache folder: is it
 * there, and what JSON does it hold. (`@std/fs` is on JSR, which our
 * machines cannot reach, so they live here once.)
 *
 * @example
 * ```ts
 * import { exists, readJsonIfPresent } from "./mod.ts";
 * console.log(await exists("/nonexistent"), await readJsonIfPresent("/nonexistent.json"));
 * // false null
 * ```
 *
 * @module
 */

/** Whether anything exists at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The JSON value in the file at `path`, or `null` when there is no such file.
 * A file that is not valid JSON throws a `SyntaxError` naming it.
 */
export async function readJsonIfPresent<T = unknown>(path: string): Promise<T | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new SyntaxError(
      `Cannot read ${path} as it is not valid JSON (${(error as Error).message})`,
    );
  }
}
