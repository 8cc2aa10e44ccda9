/**
 * `deno task notebooks`: executes the research notebooks (`notebooks/*.ipynb`)
 * headless with the Deno Jupyter kernel through `jupyter nbconvert`, in quick
 * mode unless told otherwise, and fails when any cell errors. Also strips
 * outputs for committing (`--strip`).
 *
 * @module
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { countFlag, parseFlags, runMain } from "./_cli.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
/** The notebooks folder. */
export const NOTEBOOKS_DIR: string = join(repoRoot, "notebooks");

const HELP =
  `Usage: deno task notebooks [--quick | --full] [--only <names>] [--out <dir>] [--html] [--timeout <s>]
       deno task notebooks --strip

Executes notebooks/*.ipynb in name order, each in a fresh Deno Jupyter kernel
(\`jupyter nbconvert --to notebook --execute\`, kernel "deno"), and writes the
executed copies to <out>; the notebooks themselves are not changed. Exits 1
when a cell fails, with the cell and its error.

Quick mode (the default) sets SERLAB_QUICK=1, which the first cell of each
notebook reads: a few actors and a tiny model, about a minute a notebook.
What the notebooks write in quick mode (the training run of 03, the exported
report of 04) goes to <out>/outputs (SERLAB_NOTEBOOK_OUT), never into the
repository.

Needs Debian's jupyter-nbconvert and python3-nbclient, and the Deno kernel
(\`deno jupyter --install\`).

Options:
  --quick          quick mode (the default; the flag only says so)
  --full           run without quick mode: every actor; notebook 03 trains its
                   default small model (minutes; the seed's full size when FULL is
                   set in it); outputs go where the notebooks say (runs/notebook,
                   reports/notebook-04)
  --only <names>   comma-separated notebooks to run, by name or number (e.g. 01,03)
  --out <dir>      folder of the executed notebooks   [a new temporary folder]
  --html           also convert each executed notebook to offline HTML in <out>
  --timeout <s>    most seconds one cell may take     [600 quick, none full]
  --strip          remove outputs and execution counts from notebooks/*.ipynb
                   in place (before committing), and run nothing
  -h, --help       show this help`;

const FLAGS = {
  quick: { type: "boolean", default: false },
  full: { type: "boolean", default: false },
  only: { type: "string" },
  out: { type: "string" },
  html: { type: "boolean", default: false },
  timeout: { type: "string" },
  strip: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** Options of {@linkcode runNotebooks}. */
export interface RunNotebooksOptions {
  /** Quick mode (`SERLAB_QUICK=1`). @default {true} */
  quick?: boolean;
  /** Notebook file names to run, in order. @default {every notebooks/*.ipynb} */
  notebooks?: string[];
  /** Folder of the executed notebooks (and, in quick mode, of `outputs/`). */
  outDir: string;
  /** Also write offline HTML of each executed notebook. @default {false} */
  html?: boolean;
  /** Most seconds a cell may take; `null` for no limit. @default {600 quick, null full} */
  timeoutSeconds?: number | null;
  /** Called when a notebook starts and ends. @default {undefined} */
  onProgress?: (event: { notebook: string; done?: NotebookResult }) => void;
}

/** How one notebook ran. */
export interface NotebookResult {
  /** File name, e.g. `01_eda.ipynb`. */
  notebook: string;
  /** True when every cell ran. */
  ok: boolean;
  /** Wall time. */
  seconds: number;
  /** The executed copy (written even when a cell failed, when nbconvert got that far). */
  executed: string;
  /** The offline HTML, with `html`. */
  html?: string;
  /** nbconvert's error output, trimmed to the failing cell and its error, when not ok. */
  error?: string;
}

/**
 * Executes notebooks one after another with the Deno kernel and returns how
 * each ran; stops at the first failure (later notebooks may need its
 * outputs).
 *
 * @param options Mode, notebooks, output folder, HTML, cell timeout.
 * @returns One result per notebook run.
 * @throws {Error} nbconvert or the Deno kernel is not installed.
 */
export async function runNotebooks(options: RunNotebooksOptions): Promise<NotebookResult[]> {
  const {
    quick = true,
    html = false,
    outDir,
    timeoutSeconds = quick ? 600 : null,
    onProgress,
  } = options;
  const notebooks = options.notebooks ?? await listNotebooks();
  await checkJupyter();
  await Deno.mkdir(outDir, { recursive: true });
  const env: Record<string, string> = { NO_COLOR: "1" };
  if (quick) {
    env.SERLAB_QUICK = "1";
    env.SERLAB_NOTEBOOK_OUT = Deno.env.get("SERLAB_NOTEBOOK_OUT") ?? join(outDir, "outputs");
  }
  const results: NotebookResult[] = [];
  for (const notebook of notebooks) {
    onProgress?.({ notebook });
    const started = performance.now();
    const run = await jupyter([
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--output-dir",
      outDir,
      "--ExecutePreprocessor.kernel_name=deno",
      `--ExecutePreprocessor.timeout=${timeoutSeconds ?? -1}`,
      join(NOTEBOOKS_DIR, notebook),
    ], env);
    const result: NotebookResult = {
      notebook,
      ok: run.ok,
      seconds: (performance.now() - started) / 1000,
      executed: join(outDir, notebook),
    };
    if (!run.ok) result.error = cellError(run.stderr);
    if (run.ok && html) {
      const converted = await jupyter([
        "nbconvert",
        "--to",
        "html",
        "--output-dir",
        outDir,
        // The lab template loads require.js and MathJax from a CDN: the
        // notebooks need neither (plotly.js is inline), so the page stays offline.
        "--HTMLExporter.require_js_url=data:,",
        "--HTMLExporter.mathjax_url=data:,",
        result.executed,
      ], env);
      if (!converted.ok) {
        result.ok = false;
        result.error = `HTML conversion failed: ${tail(converted.stderr, 20)}`;
      } else {
        result.html = join(outDir, notebook.replace(/\.ipynb$/, ".html"));
      }
    }
    results.push(result);
    onProgress?.({ notebook, done: result });
    if (!result.ok) break;
  }
  return results;
}

/**
 * Removes every output and execution count from a notebook's JSON, keeping
 * everything else as it was.
 *
 * @param text The `.ipynb` file's text.
 * @returns The stripped text (with a final newline), and whether it changed.
 */
export function stripOutputs(text: string): { text: string; changed: boolean } {
  const notebook = JSON.parse(text) as { cells: Record<string, unknown>[] };
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  const stripped = JSON.stringify(notebook, null, 1) + "\n";
  return { text: stripped, changed: stripped !== text };
}

/** `notebooks/*.ipynb`, sorted by name. */
export async function listNotebooks(): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(NOTEBOOKS_DIR)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) names.push(entry.name);
  }
  return names.sort();
}

async function main(): Promise<number> {
  let values;
  let timeout: number | undefined;
  try {
    values = parseFlags(Deno.args, FLAGS);
    timeout = countFlag("timeout", values.timeout, undefined);
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.quick && values.full) {
    console.error("error: --quick and --full exclude each other (see --help)");
    return 2;
  }
  const all = await listNotebooks();
  if (values.strip) {
    for (const name of all) {
      const path = join(NOTEBOOKS_DIR, name);
      const { text, changed } = stripOutputs(await Deno.readTextFile(path));
      if (changed) await Deno.writeTextFile(path, text);
      console.log(`${changed ? "stripped" : "clean   "}  notebooks/${name}`);
    }
    return 0;
  }
  let notebooks = all;
  if (values.only !== undefined) {
    const wanted = values.only.split(",").map((w) => w.trim()).filter((w) => w !== "");
    notebooks = all.filter((name) => wanted.some((w) => name === w || name.startsWith(w)));
    const unknown = wanted.filter((w) => !all.some((name) => name === w || name.startsWith(w)));
    if (unknown.length > 0 || notebooks.length === 0) {
      console.error(
        `error: --only names no notebook: ${unknown.join(", ") || values.only} (have ${
          all.join(", ")
        })`,
      );
      return 2;
    }
  }
  const outDir = values.out === undefined
    ? await Deno.makeTempDir({ prefix: "serlab-notebooks-" })
    : resolve(values.out);
  const quick = !values.full;
  console.log(
    `${quick ? "quick mode (SERLAB_QUICK=1)" : "full mode"}: ${notebooks.length} notebook${
      notebooks.length === 1 ? "" : "s"
    } → ${outDir}`,
  );
  const results = await runNotebooks({
    quick,
    notebooks,
    outDir,
    html: values.html,
    timeoutSeconds: timeout ?? (quick ? 600 : null),
    onProgress: ({ notebook, done }) => {
      if (done === undefined) return;
      console.log(
        `${done.ok ? "ok    " : "FAILED"}  ${notebook.padEnd(26)} ${done.seconds.toFixed(1)} s`,
      );
      if (done.error) console.error(done.error);
    },
  });
  const failed = results.filter((r) => !r.ok).length;
  const skipped = notebooks.length - results.length;
  console.log(
    `${results.length - failed} passed, ${failed} failed${skipped ? `, ${skipped} not run` : ""}`,
  );
  return failed === 0 && skipped === 0 ? 0 : 1;
}

async function jupyter(
  args: string[],
  env: Record<string, string>,
): Promise<{ ok: boolean; stderr: string }> {
  const out = await new Deno.Command("jupyter", {
    args,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { ok: out.success, stderr: new TextDecoder().decode(out.stderr) };
}

/**
 * What keeps notebooks from running here, or `null`: jupyter nbconvert
 * missing, the Deno kernel not installed, or installed for a deno that is
 * gone.
 *
 * @returns A sentence ending with the command that fixes it, or `null`.
 */
export async function jupyterProblem(): Promise<string | null> {
  const install =
    "apt-get install jupyter-nbconvert python3-nbclient, then `deno jupyter --install`";
  let version: { ok: boolean; stderr: string };
  try {
    version = await jupyter(["nbconvert", "--version"], {});
  } catch {
    return `jupyter is not installed: ${install}`;
  }
  if (!version.ok) return `jupyter nbconvert is not installed: ${install}`;
  const spec = await denoKernelSpec();
  if (spec === null) return "the Deno kernel is not installed: deno jupyter --install";
  try {
    await Deno.stat(spec.argv[0]);
  } catch {
    return `the Deno kernel points to a missing deno (${
      spec.argv[0]
    }): deno jupyter --install --force`;
  }
  return null;
}

/** Fails with what to install when nbconvert or the Deno kernel is missing. */
async function checkJupyter(): Promise<void> {
  const problem = await jupyterProblem();
  if (problem !== null) throw new Error(`Cannot run notebooks as ${problem}`);
}

/** The `deno` kernelspec from Jupyter's data folders, or `null`. */
async function denoKernelSpec(): Promise<{ argv: string[] } | null> {
  const out = await new Deno.Command("jupyter", {
    args: ["--paths", "--json"],
    stdout: "piped",
    stderr: "null",
  }).output();
  if (!out.success) return null;
  const paths = JSON.parse(new TextDecoder().decode(out.stdout)) as { data: string[] };
  for (const dir of paths.data) {
    try {
      return JSON.parse(await Deno.readTextFile(join(dir, "kernels", "deno", "kernel.json")));
    } catch { /* not in this folder */ }
  }
  return null;
}

/** The part of nbconvert's error output that says which cell failed and why. */
function cellError(stderr: string): string {
  const start = stderr.indexOf("An error occurred while executing the following cell");
  const text = start >= 0 ? stderr.slice(start) : stderr;
  // deno-lint-ignore no-control-regex -- the escape codes of colored tracebacks
  return tail(text.replace(/\x1b\[[0-9;]*m/g, ""), 60);
}

function tail(text: string, lines: number): string {
  const all = text.trimEnd().split("\n");
  return all.length <= lines ? all.join("\n") : ["…", ...all.slice(-lines)].join("\n");
}

if (import.meta.main) runMain(main);
