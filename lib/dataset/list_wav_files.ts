import { join } from "node:path";

/** The outcome of {@linkcode listWavFiles}: WAV paths in order, and inputs that could not be used. */
export interface WavFileList {
  files: string[];
  problems: { path: string; reason: string }[];
}

/**
 * Expands files and folders into `.wav` paths: a file is taken as given, a
 * folder is searched recursively; each folder's WAVs are sorted.
 *
 * @param inputs Files and folders.
 * @returns The WAV paths, and the inputs that do not exist or hold no WAV.
 *
 * @example
 * ```ts
 * import { listWavFiles } from "./list_wav_files.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const { files, problems } = await listWavFiles(["/no/such/folder"]);
 * assertEquals(files, []);
 * assertEquals(problems[0].reason, "no such file or folder");
 * ```
 */
export async function listWavFiles(inputs: string[]): Promise<WavFileList> {
  const files: string[] = [];
  const problems: WavFileList["problems"] = [];
  for (const input of inputs) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(input);
    } catch {
      problems.push({ path: input, reason: "no such file or folder" });
      continue;
    }
    if (info.isFile) {
      files.push(input);
      continue;
    }
    const found: string[] = [];
    await walk(input, found);
    if (found.length === 0) problems.push({ path: input, reason: "folder holds no .wav file" });
    files.push(...found.sort());
  }
  return { files, problems };
}

async function walk(dir: string, found: string[]): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) await walk(path, found);
    else if (entry.isFile && entry.name.toLowerCase().endsWith(".wav")) found.push(path);
  }
}
