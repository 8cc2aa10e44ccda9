import { join } from "node:path";
import { loadPlotlyBundle, PLOTLY_FILE_NAME } from "./_plotly_bundle.ts";

/**
 * Writes plotly.js as `plotly.min.js` into a folder, for reports made with
 * `plotly: { directory }`. The file is written once: an identical copy is
 * left alone (no write), another version is replaced. The folder is created
 * when missing.
 *
 * @param directory The folder, e.g. `runs/` when the reports are `runs/<name>/report.html`.
 * @returns The path of the file.
 *
 * @example Written once
 * ```ts
 * import { writePlotlyBundle } from "./write_plotly_bundle.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const path = await writePlotlyBundle(dir);
 * const { mtime } = await Deno.stat(path);
 * assertEquals(await writePlotlyBundle(dir), path);
 * assertEquals((await Deno.stat(path)).mtime, mtime);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writePlotlyBundle(directory: string): Promise<string> {
  const path = join(directory, PLOTLY_FILE_NAME);
  const text = await loadPlotlyBundle();
  try {
    if ((await Deno.readTextFile(path)) === text) return path;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.mkdir(directory, { recursive: true });
  const temporary = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(temporary, text);
  await Deno.rename(temporary, path);
  return path;
}
