/**
 * Where RAVDESS clips sit in a folder or zip, shared by `scanRavdess` and
 * `installRavdess` so both accept and refuse exactly the same files.
 *
 * @module
 */
import { join } from "node:path";
import { parseRavdessName, type RavdessName } from "./names.ts";

/** A clip found in a source, with where it goes in the official layout. */
export interface PlacedClip {
  /** Path (or `zip:entry` label) it was found at. */
  source: string;
  /** Path in the official layout, `Actor_NN/<file name>`, with `/` separators. */
  target: string;
  /** What its name says. */
  name: RavdessName;
}

/** A file that is not used, and why. */
export interface SkippedEntry {
  /** Path (or `zip:entry` label). */
  path: string;
  /** Why it is not used. */
  reason: string;
  /** True for a `.wav` that looks like data but cannot be used (an install refuses these). */
  wav: boolean;
}

const ACTOR_FOLDER = /^Actor_(\d\d)$/;

/** Collects the clips and skipped entries of one source. */
export class Layout {
  /** Usable clips, in the order they were added. */
  readonly clips: PlacedClip[] = [];
  /** Everything else, in the order it was added. */
  readonly skipped: SkippedEntry[] = [];
  #seen = new Map<string, string>();

  /**
   * Classifies one file of the source.
   *
   * @param source Path or label for messages.
   * @param relativePath Path inside the source with `/` separators, e.g. `Actor_01/03-01-01-01-01-01-01.wav`.
   * @returns The placed clip, or `null` when the file was skipped.
   */
  add(source: string, relativePath: string): PlacedClip | null {
    const parts = relativePath.split("/").filter((part) => part !== "");
    const fileName = parts.at(-1) ?? "";
    const skip = (reason: string, wav: boolean) => {
      this.skipped.push({ path: source, reason, wav });
      return null;
    };
    if (parts.some((part) => part.startsWith(".") || part === "__MACOSX")) {
      return skip("hidden or macOS metadata file", false);
    }
    if (!/\.wav$/i.test(fileName)) return skip("not a WAV file", false);
    let name: RavdessName;
    try {
      name = parseRavdessName(fileName);
    } catch (error) {
      return skip((error as Error).message, true);
    }
    const folder = ACTOR_FOLDER.exec(parts.at(-2) ?? "");
    if (folder && Number(folder[1]) !== name.actor) {
      return skip(`belongs to actor ${name.actor} but lies in ${folder[0]}`, true);
    }
    const first = this.#seen.get(fileName.toLowerCase());
    if (first !== undefined) return skip(`duplicate of ${first}`, true);
    this.#seen.set(fileName.toLowerCase(), source);
    const target = `Actor_${String(name.actor).padStart(2, "0")}/${fileName}`;
    const clip = { source, target, name };
    this.clips.push(clip);
    return clip;
  }
}

/**
 * Adds a folder's clips to `layout`: WAVs directly in `dir` and in its
 * `Actor_NN/` subfolders (read first, so that a loose WAV repeating one of
 * theirs is the duplicate). Other subfolders are skipped, not read. WAV
 * files are not opened.
 *
 * @param dir The folder.
 * @param layout Where to collect what is found.
 * @throws {Deno.errors.NotFound} The folder does not exist.
 * @throws {TypeError} The path is not a folder.
 */
export async function addFolder(dir: string, layout: Layout): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `Cannot read RAVDESS folder as it does not exist (install it with \`deno task data\`): current value is ${dir}`,
      );
    }
    throw error;
  }
  if (!info.isDirectory) {
    throw new TypeError(
      `Cannot read RAVDESS folder as it is not a folder: current value is ${dir}`,
    );
  }
  const entries = await sortedEntries(dir);
  const isActorFolder = (entry: Deno.DirEntry) =>
    entry.isDirectory && ACTOR_FOLDER.test(entry.name);
  // Actor folders first: a loose WAV that repeats one of theirs is the duplicate.
  for (const folder of entries.filter(isActorFolder)) {
    for (const entry of await sortedEntries(join(dir, folder.name))) {
      const path = join(dir, folder.name, entry.name);
      if (entry.isFile) layout.add(path, `${folder.name}/${entry.name}`);
      else layout.skipped.push({ path, reason: "folder not read", wav: false });
    }
  }
  for (const entry of entries.filter((entry) => !isActorFolder(entry))) {
    const path = join(dir, entry.name);
    if (entry.isFile) layout.add(path, entry.name);
    else {
      const reason = entry.isDirectory ? "not an Actor_NN folder" : "not a file or folder";
      layout.skipped.push({ path, reason, wav: false });
    }
  }
}

/** Entries by name, with symbolic links resolved to what they point at. */
async function sortedEntries(dir: string): Promise<Deno.DirEntry[]> {
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isSymlink) {
      const target = await Deno.stat(join(dir, entry.name)).catch(() => null);
      entries.push({
        ...entry,
        isFile: target?.isFile ?? false,
        isDirectory: target?.isDirectory ?? false,
      });
    } else {
      entries.push(entry);
    }
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
