/**
 * Installing RAVDESS from the CLIs: `deno task data` and `deno task train`
 * (which installs the data first on a fresh clone) share the progress
 * display and the install call.
 *
 * @module
 */
import { basename, extname, join } from "node:path";
import { decodeWav } from "../lib/audio/mod.ts";
import { DEFAULT_CONFIG } from "../lib/config/mod.ts";
import { type InstallProgress, installRavdess, scanRavdess } from "../lib/dataset/mod.ts";
import { type ProgressReporter, progressReporter } from "../lib/report/progress.ts";
import { formatBytes } from "./_cli.ts";

/**
 * One progress display per install phase (download, unpack, verify): bytes
 * for the download, clips for the rest.
 */
export function phaseProgress(): { update(event: InstallProgress): void; stop(): void } {
  let phase: InstallProgress["phase"] | null = null;
  let reporter: ProgressReporter | null = null;
  return {
    update({ phase: current, done, total }) {
      if (current !== phase) {
        reporter?.stop();
        phase = current;
        const bytes = current === "download";
        reporter = progressReporter(total, {
          label: current.padEnd(8),
          unit: bytes ? "" : "clips",
          format: bytes ? formatBytes : undefined,
        });
      }
      reporter!.update(done, total);
    },
    stop() {
      reporter?.stop();
      reporter = null;
    },
  };
}

/**
 * The RAVDESS folder a training run reads, installed first where needed:
 * a zip given with `--data` is unpacked (once) into `data/<zip name>`; with no
 * `--data`, `data/ravdess` is downloaded and installed as `deno task data`
 * does when it is missing. A folder given with `--data` must exist.
 *
 * @param data The `--data` value, or the default folder.
 * @param given Whether `--data` was given.
 * @returns The folder holding `Actor_NN/*.wav`.
 * @throws {Error} A given folder does not exist, or the install fails.
 */
export async function ensureData(data: string, given: boolean): Promise<string> {
  const info = await Deno.stat(data).catch(() => null);
  if (info?.isDirectory) {
    const clips = await scanRavdess(data).then((scan) => scan.clips.length, () => 0);
    if (clips === 0) {
      throw new Error(
        `${data} holds no RAVDESS clips: install them with \`deno task data --dir ${data}\``,
      );
    }
    return data;
  }
  if (info?.isFile && extname(data).toLowerCase() === ".zip") {
    const dir = join("data", basename(data, extname(data)));
    if (await Deno.stat(dir).catch(() => null)) return dir;
    await install({ dir, from: data });
    return dir;
  }
  if (info) throw new Error(`${data} is neither a folder nor a .zip file`);
  if (given) {
    throw new Error(
      `${data} does not exist: install RAVDESS there with \`deno task data --dir ${data}\` (or --from a zip)`,
    );
  }
  console.error(`No data in ${data}: installing RAVDESS first, as \`deno task data\` does`);
  await install({ dir: data });
  return data;
}

async function install(options: { dir: string; from?: string }): Promise<void> {
  const progress = phaseProgress();
  try {
    const result = await installRavdess({
      ...options,
      url: DEFAULT_CONFIG.data.url,
      onProgress: (event) => progress.update(event),
      verify: (path, bytes) => decodeWav(bytes, { path, frameCount: 0 }),
    });
    console.error(
      `Installed ${result.clips} clips of ${result.actors.length} actors into ${result.dir}`,
    );
  } finally {
    progress.stop();
  }
}
