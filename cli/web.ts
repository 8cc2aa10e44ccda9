/**
 * `deno task web [--model <dir>] [--out <dir>] [--serve]`: builds the
 * browser page (pick or drop a WAV file, see the emotion probabilities) as
 * static files, with the model beside it.
 *
 * @module
 */
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { initBackend } from "../lib/backend/mod.ts";
import { ModelFolderError } from "../lib/model/mod.ts";
import { loadPredictor } from "../lib/predict/mod.ts";
import { staticFiles } from "../web/_static.ts";
import { countFlag, formatBytes, parseFlags, runMain } from "./_cli.ts";
import { DEFAULT_MODEL, NO_DEFAULT_MODEL } from "./predict.ts";
import { exists } from "../lib/_fs/mod.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const DEFAULT_OUT = "web/dist";
const DEFAULT_PORT = 8000;

const HELP = `Usage: deno task web [--model <dir>] [--out <dir>] [--serve [--port <n>]]

Builds the browser page into <out>: a person picks or drops a WAV file and
sees the probability of each emotion as a bar chart. The page decodes the WAV
and computes the log-mel with serlab's own lib/audio and lib/features code, and
runs the model with TensorFlow.js (CPU backend), so its numbers are those of
\`deno task predict\`; nothing leaves the page.

Files written: index.html, serlab.js (web/main.ts bundled by \`deno bundle\`,
no CDN), pffft.wasm, and the model in <out>/model/ (model.json, weights.bin,
serlab.json). Browsers run module scripts only over HTTP: serve <out> with any
static server, or with --serve.

Options:
  --model <dir>   model folder to ship with the page       [${DEFAULT_MODEL}]
  --out <dir>     output folder (created; files replaced)  [${DEFAULT_OUT}]
  --serve         after the build, serve <out> on http://127.0.0.1:<port>/ until Ctrl-C
  --port <n>      port for --serve                         [${DEFAULT_PORT}]
  -h, --help      show this help

Exit status: 0 when built, 1 when the model cannot be used or the bundle fails,
2 for a usage error.`;

const FLAGS = {
  model: { type: "string" },
  out: { type: "string" },
  serve: { type: "boolean", default: false },
  port: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

async function main(): Promise<number> {
  let values;
  let port: number;
  try {
    values = parseFlags(Deno.args, FLAGS);
    port = countFlag("port", values.port, DEFAULT_PORT, 0);
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const modelDir = values.model ?? DEFAULT_MODEL;
  const out = values.out ?? DEFAULT_OUT;
  if (values.model === undefined && !(await exists(modelDir))) {
    console.error(`error: ${NO_DEFAULT_MODEL}`);
    return 1;
  }
  await initBackend({ path: "cpu", log: null });
  try {
    await loadPredictor(modelDir);
  } catch (error) {
    if (!(error instanceof ModelFolderError)) throw error;
    console.error(`error: ${error.message}`);
    return 1;
  }

  await Deno.mkdir(join(out, "model"), { recursive: true });
  const bundle = resolve(out, "serlab.js");
  const built = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--platform", "browser", "--minify", "-o", bundle, "web/main.ts"],
    cwd: repoRoot,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!built.success) {
    const text = new TextDecoder().decode(built.stderr).trim().split("\n");
    const line = text.find((l) => l.startsWith("error")) ?? text.at(-1);
    console.error(`error: deno bundle web/main.ts failed: ${line}`);
    return 1;
  }
  await Deno.copyFile(join(repoRoot, "web", "index.html"), join(out, "index.html"));
  // The FFT's WebAssembly, fetched by the bundle from beside itself.
  const pffft = new URL("pffft.wasm", import.meta.resolve("@echogarden/pffft-wasm/simd"));
  await Deno.copyFile(pffft, join(out, "pffft.wasm"));
  const modelBytes = await copyModel(modelDir, join(out, "model"));

  const size = async (name: string) => formatBytes((await Deno.stat(join(out, name))).size);
  console.log(
    `built ${out}/: index.html, serlab.js (${await size("serlab.js")}), pffft.wasm, ` +
      `model/ (${formatBytes(modelBytes)}, from ${modelDir})`,
  );
  if (!values.serve) {
    console.log(`serve it over HTTP, e.g. deno task web --serve --out ${relativeOut(out)}`);
    return 0;
  }
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port,
    onListen: ({ port }) =>
      console.log(`serving ${out}/ at http://127.0.0.1:${port}/ (Ctrl-C to stop)`),
  }, staticFiles(out));
  await server.finished;
  return 0;
}

/** Copies model.json, its weight files and serlab.json; returns the bytes copied. */
async function copyModel(from: string, to: string): Promise<number> {
  const modelJson = JSON.parse(await Deno.readTextFile(join(from, "model.json")));
  const weightFiles: string[] = modelJson.weightsManifest.flatMap((g: { paths: string[] }) =>
    g.paths
  );
  let bytes = 0;
  for (const name of ["model.json", "serlab.json", ...weightFiles]) {
    await Deno.copyFile(join(from, name), join(to, name));
    bytes += (await Deno.stat(join(to, name))).size;
  }
  return bytes;
}
function relativeOut(out: string): string {
  const path = relative(Deno.cwd(), out);
  return path.startsWith("..") ? out : path || ".";
}

if (import.meta.main) runMain(main);
