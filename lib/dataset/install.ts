import { dirname, join, resolve, sep } from "node:path";
import { DEFAULT_CONFIG } from "../config/mod.ts";
import { addFolder, Layout, type PlacedClip } from "./_layout.ts";
import { ZipReader } from "./_zip.ts";
import { downloadFile, type DownloadFileResult } from "./download.ts";
import type { Gender } from "./names.ts";
import type { SkippedFile } from "./scan.ts";

/** Where an install is, for a progress display. */
export interface InstallProgress {
  /** Downloading the zip (bytes), unpacking it, or copying a folder (clips). */
  phase: "download" | "unpack" | "copy";
  /** Bytes or clips done, resumed bytes included. */
  done: number;
  /** Bytes or clips in all, or `null` when the server does not say. */
  total: number | null;
}

/** Checks one clip's bytes, throwing an Error that names `path` and the reason. */
export type VerifyClip = (path: string, bytes: Uint8Array) => unknown;

/** Options of {@linkcode installRavdess}. */
export interface InstallRavdessOptions {
  /** Folder to install into, in the official layout `Actor_NN/*.wav`; replaced when it exists. */
  dir: string;
  /**
   * Where to download the zip from. Not allowed together with `from`.
   *
   * @default {DEFAULT_CONFIG.data.url}
   */
  url?: string;
  /**
   * A local zip, or a folder of clips (`Actor_NN/` subfolders or WAVs
   * directly), to install instead of downloading. `undefined` downloads `url`.
   *
   * @default {undefined}
   */
  from?: string;
  /** Called as bytes arrive and as clips are written. @default {undefined} */
  onProgress?: (progress: InstallProgress) => void;
  /**
   * Checks each clip's bytes before it is written, e.g. by decoding it as a
   * WAV; may return a promise. `undefined` checks names, sizes and the zip's
   * CRC-32 only.
   *
   * @default {undefined}
   */
  verify?: VerifyClip;
}

/** Clips installed for one actor. */
export interface ActorCount {
  /** Actor number, 1-24. */
  actor: number;
  /** Odd actors are male, even female. */
  gender: Gender;
  /** Clips of this actor. */
  clips: number;
}

/** What {@linkcode installRavdess} installed. */
export interface InstallRavdessResult {
  /** The installed folder, as given in the options. */
  dir: string;
  /** The URL or local path installed from. */
  source: string;
  /** Clips installed. */
  clips: number;
  /** Clips per actor, by actor. */
  actors: ActorCount[];
  /** Files of the source that were left out (not WAV, hidden, other folders). */
  skipped: SkippedFile[];
  /** The download, when there was one; its file is deleted once installed. */
  download: DownloadFileResult | null;
}

/**
 * Installs the RAVDESS speech clips into `dir`, from the official zip
 * (downloaded, resumably, into `<dir>.download/`), a local zip, or a local
 * folder. Every clip is unpacked or copied into `<dir>.partial/` and checked
 * there: its name must parse as a RAVDESS speech clip, zip entries must
 * match their size and CRC-32, and `verify` must accept its bytes. Only then
 * is `<dir>.partial/` renamed to `dir` (an old `dir` is moved aside first and
 * deleted after), so an interrupted or failed run never leaves a `dir` that
 * a later run would trust. A downloaded zip that fails is deleted, so the
 * next run downloads it again; one that succeeds is deleted as well.
 *
 * Non-WAV files (and hidden or `__MACOSX` entries) are skipped and reported.
 * A WAV that cannot be used (song clips, bad names, a clip in another
 * actor's folder, a duplicate) fails the install.
 *
 * @param options Target folder, source and callbacks.
 * @returns Counts per actor and what was skipped.
 * @throws {TypeError} `dir` is empty, `url` and `from` are both given, the source is inside `dir`,
 *   or `dir` is a file.
 * @throws {Deno.errors.NotFound} `from` does not exist.
 * @throws {Error} The download fails, the zip is corrupt, a WAV cannot be used or fails
 *   `verify`, or the source holds no speech clip.
 *
 * @example Install from a folder of clips
 * ```ts
 * import { installRavdess } from "./install.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const from = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${from}/03-01-08-01-02-01-07.wav`, "RIFF");
 * const dir = `${from}-installed`;
 * const result = await installRavdess({
 *   dir,
 *   from,
 *   verify: (path, bytes) => {
 *     if (bytes.length < 4) throw new Error(`${path} is too short`);
 *   },
 * });
 * assertEquals(result.actors, [{ actor: 7, gender: "male", clips: 1 }]);
 * assertEquals(await Deno.readTextFile(`${dir}/Actor_07/03-01-08-01-02-01-07.wav`), "RIFF");
 * await Deno.remove(from, { recursive: true });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function installRavdess(
  options: InstallRavdessOptions,
): Promise<InstallRavdessResult> {
  const { dir, from, url = DEFAULT_CONFIG.data.url, onProgress, verify } = options;
  if (!dir) {
    throw new TypeError(`Cannot install RAVDESS as dir must not be empty: current value is ""`);
  }
  if (from !== undefined && options.url !== undefined) {
    throw new TypeError(
      `Cannot install RAVDESS as url and from exclude each other: current values are ${url} and ${from}`,
    );
  }
  const target = resolve(dir);
  if ((await stat(target))?.isDirectory === false) {
    throw new TypeError(`Cannot install RAVDESS into a file: current value is ${dir}`);
  }
  const partial = `${target}.partial`;
  const downloads = `${target}.download`;

  let source: string;
  let isFolder = false;
  let download: DownloadFileResult | null = null;
  if (from !== undefined) {
    const info = await stat(from);
    if (info === null) {
      throw new Deno.errors.NotFound(
        `Cannot install RAVDESS as the source does not exist: current value is ${from}`,
      );
    }
    const resolved = resolve(from);
    if (resolved === target || resolved.startsWith(target + sep)) {
      throw new TypeError(
        `Cannot install RAVDESS from inside the folder it replaces (${dir}): current value is ${from}`,
      );
    }
    source = from;
    isFolder = info.isDirectory;
  } else {
    download = await downloadFile(url, join(downloads, "ravdess.zip"), {
      onProgress: (done, total) => onProgress?.({ phase: "download", done, total }),
    });
    source = download.path;
  }

  await Deno.remove(partial, { recursive: true }).catch(ignoreNotFound);
  await Deno.mkdir(partial, { recursive: true });
  let layout: Layout;
  try {
    layout = isFolder
      ? await copyFolder(source, partial, verify, onProgress)
      : await unpackZip(source, partial, verify, onProgress);
  } catch (error) {
    await Deno.remove(partial, { recursive: true }).catch(ignoreNotFound);
    if (download === null) throw error;
    await Deno.remove(downloads, { recursive: true }).catch(ignoreNotFound);
    throw new Error(`${(error as Error).message}; the download was deleted`, { cause: error });
  }
  await replaceFolder(partial, target);
  if (download !== null) await Deno.remove(downloads, { recursive: true }).catch(ignoreNotFound);

  const actors = new Map<number, ActorCount>();
  for (const { name: { actor, gender } } of layout.clips) {
    const count = actors.get(actor) ?? actors.set(actor, { actor, gender, clips: 0 }).get(actor)!;
    count.clips++;
  }
  return {
    dir,
    source: download === null ? source : url,
    clips: layout.clips.length,
    actors: [...actors.values()].sort((a, b) => a.actor - b.actor),
    skipped: layout.skipped.map(({ path, reason }) => ({ path, reason })),
    download,
  };
}

async function unpackZip(
  zipPath: string,
  partial: string,
  verify: VerifyClip | undefined,
  onProgress: InstallRavdessOptions["onProgress"],
): Promise<Layout> {
  using zip = await ZipReader.open(zipPath);
  const layout = new Layout();
  const entries = new Map<PlacedClip, (typeof zip.entries)[number]>();
  for (const entry of zip.entries) {
    if (entry.name.endsWith("/")) continue;
    const clip = layout.add(`${zipPath}:${entry.name}`, entry.name);
    if (clip !== null) entries.set(clip, entry);
  }
  await writeClips(layout, zipPath, partial, (clip) => zip.read(entries.get(clip)!), {
    verify,
    onProgress: (done, total) => onProgress?.({ phase: "unpack", done, total }),
  });
  return layout;
}

async function copyFolder(
  folder: string,
  partial: string,
  verify: VerifyClip | undefined,
  onProgress: InstallRavdessOptions["onProgress"],
): Promise<Layout> {
  const layout = new Layout();
  await addFolder(folder, layout);
  await writeClips(layout, folder, partial, (clip) => Deno.readFile(clip.source), {
    verify,
    onProgress: (done, total) => onProgress?.({ phase: "copy", done, total }),
  });
  return layout;
}

/** Refuses unusable WAVs, then loads, verifies and writes every clip of `layout`. */
async function writeClips(
  layout: Layout,
  source: string,
  partial: string,
  load: (clip: PlacedClip) => Promise<Uint8Array>,
  { verify, onProgress }: {
    verify: VerifyClip | undefined;
    onProgress: (done: number, total: number) => void;
  },
): Promise<void> {
  const unusable = layout.skipped.find((skipped) => skipped.wav);
  if (unusable) {
    throw new Error(
      `Cannot install RAVDESS as ${unusable.path} cannot be used: ${unusable.reason}`,
    );
  }
  if (layout.clips.length === 0) {
    throw new Error(
      `Cannot install RAVDESS as the source holds no speech clip (03-01-*.wav; ` +
        `skipped: ${layout.skipped.length}): current value is ${source}`,
    );
  }
  const folders = new Set<string>();
  onProgress(0, layout.clips.length);
  for (const [i, clip] of layout.clips.entries()) {
    const bytes = await load(clip);
    try {
      await verify?.(clip.source, bytes);
    } catch (error) {
      throw new Error(
        `Cannot install RAVDESS as a clip failed verification: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const path = join(partial, clip.target);
    const folder = dirname(path);
    if (!folders.has(folder)) {
      await Deno.mkdir(folder, { recursive: true });
      folders.add(folder);
    }
    await Deno.writeFile(path, bytes);
    onProgress(i + 1, layout.clips.length);
  }
}

/** Moves `partial` to `target`, moving an old `target` aside first and deleting it after. */
async function replaceFolder(partial: string, target: string): Promise<void> {
  const old = `${target}.old`;
  await Deno.remove(old, { recursive: true }).catch(ignoreNotFound);
  const hadOld = (await stat(target)) !== null;
  if (hadOld) await Deno.rename(target, old);
  await Deno.rename(partial, target);
  if (hadOld) await Deno.remove(old, { recursive: true });
}

async function stat(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
}
