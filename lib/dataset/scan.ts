import { basename } from "node:path";
import { addFolder, Layout } from "./_layout.ts";
import type { RavdessName } from "./names.ts";

/** A RAVDESS speech clip on disk. */
export interface RavdessClip extends RavdessName {
  /** The WAV file: `dir` joined with its place in the folder. */
  path: string;
}

/** A file or folder that {@linkcode scanRavdess} did not use, and why. */
export interface SkippedFile {
  /** Its path: `dir` joined with its place in the folder. */
  path: string;
  /** Why it was not used, e.g. "not a WAV file". */
  reason: string;
}

/** What {@linkcode scanRavdess} found. */
export interface RavdessScan {
  /** Usable clips, sorted by actor, then file name. */
  clips: RavdessClip[];
  /** Everything else in the folder, sorted by path. */
  skipped: SkippedFile[];
}

/** Options of {@linkcode scanRavdess}. */
export interface ScanRavdessOptions {
  /**
   * Keep only the clips of these actors (1-24); the others are left out
   * silently, not reported as skipped. `undefined` keeps every actor.
   *
   * @default {undefined}
   */
  actors?: readonly number[];
}

/**
 * Lists the RAVDESS speech clips in a folder, as the official zip lays them
 * out (`Actor_NN/03-01-EE-II-SS-RR-NN.wav`) or as WAVs directly in the
 * folder, for any subset of actors. Only names are read: the WAVs are not
 * opened. Anything else is reported in `skipped`: other files, song clips
 * (`03-02-…`), names that do not parse, a clip in another actor's folder,
 * a second copy of a name, and subfolders other than `Actor_NN`.
 *
 * @param dir The folder.
 * @param options Which actors to keep.
 * @returns The clips, sorted by actor then name, and the skipped entries.
 * @throws {Deno.errors.NotFound} The folder does not exist.
 * @throws {TypeError} `dir` is not a folder.
 * @throws {Error} The folder holds no usable clip (of the chosen actors).
 *
 * @example Official layout, with a stray file
 * ```ts
 * import { scanRavdess } from "./scan.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/Actor_02`);
 * await Deno.writeTextFile(`${dir}/Actor_02/03-01-03-02-01-01-02.wav`, "not opened");
 * await Deno.writeTextFile(`${dir}/notes.txt`, "");
 * const { clips, skipped } = await scanRavdess(dir);
 * assertEquals(clips.map((c) => [c.emotion, c.actor, c.gender]), [["happy", 2, "female"]]);
 * assertEquals(skipped, [{ path: `${dir}/notes.txt`, reason: "not a WAV file" }]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function scanRavdess(
  dir: string,
  options: ScanRavdessOptions = {},
): Promise<RavdessScan> {
  const { actors } = options;
  const layout = new Layout();
  await addFolder(dir, layout);
  const clips = layout.clips
    .filter((clip) => actors === undefined || actors.includes(clip.name.actor))
    .map((clip) => ({ path: clip.source, ...clip.name }))
    .sort((a, b) => a.actor - b.actor || compare(basename(a.path), basename(b.path)));
  const skipped = layout.skipped
    .map(({ path, reason }) => ({ path, reason }))
    .sort((a, b) => compare(a.path, b.path));
  if (clips.length === 0) {
    const which = actors === undefined ? "" : ` of actors ${actors.join(", ")}`;
    throw new Error(
      `Cannot scan RAVDESS as the folder holds no speech clip${which} (03-01-*.wav; ` +
        `skipped: ${skipped.length}): current value is ${dir}`,
    );
  }
  return { clips, skipped };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
