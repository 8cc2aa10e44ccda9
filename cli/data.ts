/**
 * `deno task data`: installs the RAVDESS speech clips into `data/ravdess`
 * (`Actor_NN/03-01-*.wav`), from the official zip or a local zip or folder,
 * checking every clip with serlab's WAV decoder.
 *
 * @module
 */
import { decodeWav } from "../lib/audio/mod.ts";
import { DEFAULT_CONFIG } from "../lib/config/mod.ts";
import { installRavdess, type InstallRavdessResult } from "../lib/dataset/mod.ts";
import { parseFlags, runMain } from "./_cli.ts";
import { phaseProgress } from "./_data.ts";

const { ravdessDir, url: defaultUrl } = DEFAULT_CONFIG.data;
const HELP = `Usage: deno task data [--from <zip|folder> | --url <url>] [--dir <dir>]

Installs the RAVDESS speech clips into <dir> as Actor_NN/03-01-*.wav.
Without --from it downloads the official zip into <dir>.download/; run it
again after an interruption and it resumes. Every clip is unpacked into
<dir>.partial/ and checked (name, zip CRC-32, WAV header) before that folder
replaces <dir>, so a failed run leaves no half-written <dir>.

Options:
  --from <zip|folder>  install from a local zip, or a folder of Actor_NN/ subfolders
                       or WAVs, instead of downloading
  --url <url>          where to download the zip      [${defaultUrl}]
  --dir <dir>          folder to install into         [${ravdessDir}]
  -h, --help           show this help

Exit status: 0 when installed, 1 on any error (one line on stderr).`;

async function main(): Promise<number> {
  const flags = parseFlags(Deno.args, {
    from: { type: "string" },
    url: { type: "string" },
    dir: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  const dir = flags.dir ?? ravdessDir;
  const source = flags.from ?? flags.url ?? defaultUrl;
  console.error(`${flags.from === undefined ? "Downloading" : "Installing from"} ${source}`);
  const progress = phaseProgress();
  // The bar hides the cursor and turns off line wrapping: give them back on Ctrl-C.
  const interrupted = () => {
    progress.stop();
    console.error("error: interrupted; run the same command again to resume");
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", interrupted);
  let result: InstallRavdessResult;
  try {
    result = await installRavdess({
      dir,
      from: flags.from,
      url: flags.url,
      onProgress: (event) => progress.update(event),
      verify: (path, bytes) => decodeWav(bytes, { path, frameCount: 0 }),
    });
  } finally {
    progress.stop();
    Deno.removeSignalListener("SIGINT", interrupted);
  }
  printSummary(result);
  return 0;
}

function printSummary(result: InstallRavdessResult): void {
  const { dir, clips, actors, skipped } = result;
  console.log(`Installed ${clips} RAVDESS speech clips of ${actors.length} actors into ${dir}`);
  console.log("actor  gender  clips");
  for (const { actor, gender, clips } of actors) {
    console.log(`${String(actor).padStart(2, "0")}     ${gender.padEnd(6)}  ${clips}`);
  }
  console.log(`total          ${clips}`);
  if (skipped.length > 0) {
    const entries = skipped.length === 1
      ? "entry that is not a RAVDESS speech WAV"
      : "entries that are not RAVDESS speech WAVs";
    console.log(`Skipped ${skipped.length} ${entries}:`);
    for (const { path, reason } of skipped.slice(0, 10)) console.log(`  ${path}: ${reason}`);
    if (skipped.length > 10) console.log(`  ... and ${skipped.length - 10} more`);
  }
}

if (import.meta.main) await runMain(main);
