import { join } from "node:path";

/** Why a run folder cannot be used as asked. */
export class RunFolderError extends Error {
  /** @param message One line naming the folder and the reason. */
  constructor(message: string) {
    super(message);
    this.name = "RunFolderError";
  }
}

/** Options of {@linkcode openRunFolder}. */
export interface OpenRunFolderOptions {
  /** Continue the run in an existing folder; its settings must be unchanged. @default {false} */
  resume?: boolean;
  /** Start over in an existing folder, deleting what it holds. @default {false} */
  force?: boolean;
}

/**
 * Prepares a run folder and writes its `config.json` (atomically). A new
 * folder is created; an existing one is refused unless `resume` (then the
 * saved settings must equal `settings`, the first key that differs is
 * named, and the saved `config.json` is kept as it is) or `force` (then it
 * is emptied first).
 *
 * @param dir The run folder, e.g. `runs/random-42`.
 * @param settings Everything that makes the run what it is (config, split, data hash…); compared on resume.
 * @param extra Facts recorded beside the settings but not compared (backend, versions, dates).
 * @param options Resume or force.
 * @returns `true` when an existing run is resumed.
 * @throws {RunFolderError} The folder exists without `resume` or `force`; `resume` with a changed setting; the folder cannot be written.
 *
 * @example A second open without resume is refused
 * ```ts
 * import { openRunFolder, RunFolderError } from "./run_folder.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * const dir = `${await Deno.makeTempDir()}/run`;
 * assertEquals(await openRunFolder(dir, { seed: 1 }, { command: "first" }), false);
 * await assertRejects(() => openRunFolder(dir, { seed: 1 }, {}), RunFolderError, "--resume");
 * assertEquals(await openRunFolder(dir, { seed: 1 }, { command: "again" }, { resume: true }), true);
 * const saved = JSON.parse(await Deno.readTextFile(`${dir}/config.json`));
 * assertEquals(saved.command, "first");
 * await assertRejects(
 *   () => openRunFolder(dir, { seed: 2 }, {}, { resume: true }),
 *   RunFolderError,
 *   "seed",
 * );
 * ```
 */
export async function openRunFolder(
  dir: string,
  settings: Record<string, unknown>,
  extra: Record<string, unknown>,
  options: OpenRunFolderOptions = {},
): Promise<boolean> {
  const { resume = false, force = false } = options;
  const configPath = join(dir, "config.json");
  let saved: Record<string, unknown> | null = null;
  let exists = false;
  try {
    exists = (await Deno.stat(dir)).isDirectory;
  } catch { /* new folder */ }
  if (exists) {
    try {
      saved = JSON.parse(await Deno.readTextFile(configPath));
    } catch { /* a folder without a readable config.json */ }
  }
  if (exists && force) {
    await Deno.remove(dir, { recursive: true });
    exists = false;
    saved = null;
  }
  if (exists && !resume) {
    throw new RunFolderError(
      `${dir} exists: pass --resume to continue that run, --force to start it over, or --out for another folder`,
    );
  }
  if (resume && saved !== null) {
    const changed = firstDifference(saved.settings, settings, "");
    if (changed !== null) {
      throw new RunFolderError(
        `Cannot resume ${dir} as the setting ${changed} differs from the saved run (use --force to start over)`,
      );
    }
  }
  // A resumed run keeps the config.json of the run that started it: its
  // command, date and backend are the provenance of the results.
  if (resume && saved !== null) return true;
  try {
    await Deno.mkdir(dir, { recursive: true });
    await writeJsonAtomic(configPath, { settings, ...extra });
  } catch (error) {
    throw new RunFolderError(`Cannot write the run folder ${dir}: ${(error as Error).message}`);
  }
  return false;
}

/**
 * Writes JSON through a temporary file and a rename, so a reader never sees half a file.
 *
 * @param path The file.
 * @param value Any JSON value; written with 2-space indents and a final newline.
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeTextAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

/**
 * Writes text through a temporary file and a rename.
 *
 * @param path The file.
 * @param text The content.
 */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  await Deno.writeTextFile(tmp, text);
  await Deno.rename(tmp, path);
}

/** The dotted path of the first value that differs between two JSON values, or null. */
function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (a === b) return null;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return JSON.stringify(a) === JSON.stringify(b) ? null : path || "(all)";
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const found = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      path ? `${path}.${key}` : key,
    );
    if (found !== null) return found;
  }
  return null;
}
