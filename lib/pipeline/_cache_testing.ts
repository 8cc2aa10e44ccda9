/**
 * Test helper: the files of a feature cache folder, subfolders included.
 *
 * @module
 */
import { join } from "node:path";

/**
 * Paths of every file under `dir`, relative to it, sorted (e.g. `3f/3fa9….mel`).
 *
 * @param dir A cache folder.
 * @returns Relative paths with `/` separators.
 */
export function cacheFiles(dir: string): string[] {
  const files: string[] = [];
  const visit = (relative: string) => {
    for (const entry of Deno.readDirSync(join(dir, relative))) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory) visit(path);
      else files.push(path);
    }
  };
  visit("");
  return files.sort();
}
