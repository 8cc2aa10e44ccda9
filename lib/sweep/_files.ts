/**
 * What the sweep reads from its folders: whether a run folder is complete,
 * and the last line of a task's log.
 *
 * @module
 */
import { join } from "node:path";

/** The log of task `index`: `<sweep>/logs/task-<index>.log` (Slurm's `task-%a.log`). */
export function taskLogPath(dir: string, index: number): string {
  return join(dir, "logs", `task-${index}.log`);
}

/** Whether a run folder is complete: it holds `metrics.json` and `model/serlab.json`. */
export async function isRunComplete(runDir: string): Promise<boolean> {
  try {
    await Deno.stat(join(runDir, "metrics.json"));
    await Deno.stat(join(runDir, "model", "serlab.json"));
    return true;
  } catch {
    return false;
  }
}

export { exists } from "../_fs/mod.ts";

/** The last line that is not blank of a text file (read from its last 8 KiB), or null. */
export async function lastLine(path: string): Promise<string | null> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch {
    return null;
  }
  try {
    const size = (await file.stat()).size;
    const length = Math.min(size, 8192);
    await file.seek(size - length, Deno.SeekMode.Start);
    const bytes = new Uint8Array(length);
    let read = 0;
    while (read < length) {
      const n = await file.read(bytes.subarray(read));
      if (n === null) break;
      read += n;
    }
    const lines = new TextDecoder().decode(bytes.subarray(0, read)).split(/\r?\n|\r/)
      .map((line) => line.trim()).filter((line) => line !== "");
    return lines.at(-1) ?? null;
  } finally {
    file.close();
  }
}
