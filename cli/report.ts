/**
 * `deno task report <run> [<run>...]`: one offline HTML page setting run
 * folders side by side (metrics with their intervals, the gender gap,
 * per-class F1, confusion matrices, and which differences exceed their
 * intervals), or, given one run, that run's own report. K-fold parents are
 * shown by their pooled metrics.
 *
 * @module
 */
import { basename, dirname, join, relative, resolve } from "node:path";
import {
  comparisonFigures,
  comparisonReportHtml,
  exportPng,
  type Figure,
  findChromium,
  type NamedMetrics,
  type PairedComparison,
  type PlotlyPlacement,
  readRun,
  runFigures,
  type RunRecord,
  runReportHtml,
  writePlotlyBundle,
  writeRunReport,
} from "../lib/report/mod.ts";
import { parseFlagsAndOperands, runMain } from "./_cli.ts";
import { gatherSweep, sweepReportHtml } from "../lib/sweep/mod.ts";
import { exists } from "../lib/_fs/mod.ts";
import { pairedDifferences, parsePredictionsCsv, type PredictionRecord } from "../lib/eval/mod.ts";

/** Where a comparison of several runs goes when `--out` is not given. */
export const DEFAULT_COMPARISON = "reports/compare.html";

const HELP = `Usage: deno task report <run> [<run>...] [options]
       deno task report <sweep folder> [options]

Writes one HTML page comparing run folders (written by \`deno task train\` or
\`deno task evaluate\`): accuracy, macro-F1 and UAR with their 95% intervals,
male and female accuracy and the gap between them, per-class F1, each run's
confusion matrix, and for each metric whether the difference between two
runs exceeds their intervals. A k-fold run is shown by its pooled metrics.
With one run, (re)writes that run's own report.html.

Options:
  --out <file.html>     where the page goes  [${DEFAULT_COMPARISON}; with one run,
                        <run>/report.html]
  --names <a,b,...>     the runs' names in the page, one per run, in order
                        [the folder names]
  --title <text>        the page title  ["Run comparison"; with one run, "Run <name>"]
  --plotly-dir <dir>    write plotly.min.js once into <dir> and load it from
                        there (e.g. --plotly-dir reports, so every page under
                        reports/ shares one copy)  [inline: the page holds
                        plotly.js and works alone, ~4.7 MB]
  --png                 also each figure as PNG through headless Chromium, into
                        <out name>-figures/ beside the page (one run: <run>/figures/);
                        without Chromium the page is still written and one
                        line says the PNGs were skipped
  -h, --help            show this help

Example:
  deno task report runs/random-ref runs/actors-5fold --names random,5-fold \\
    --out reports/compare.html --plotly-dir reports`;

/** The flags of every command that writes a report: where, how plotly is placed, PNGs, help. */
export const REPORT_FLAGS = {
  out: { type: "string" },
  "plotly-dir": { type: "string" },
  png: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

const FLAGS = {
  ...REPORT_FLAGS,
  names: { type: "string" },
  title: { type: "string" },
} as const;

async function main(): Promise<number> {
  const { values, positionals: runDirs } = parseFlagsAndOperands(Deno.args, FLAGS);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (runDirs.length === 0) {
    throw new TypeError(
      "no run folder given: deno task report runs/<name> [runs/<name>...] (see --help)",
    );
  }
  if (runDirs.length === 1 && await isSweep(runDirs[0])) {
    return await reportSweep(runDirs[0], values.out, values.title, values["plotly-dir"]);
  }
  const names = runNames(runDirs, values.names);
  const runs: RunRecord[] = [];
  for (const [i, dir] of runDirs.entries()) {
    runs.push({ ...(await readRunFolder(dir)), name: names[i] });
  }
  const plotlyDir = values["plotly-dir"];

  if (runs.length === 1 && values.out === undefined) {
    const [dir] = runDirs;
    if (values.names !== undefined || values.title !== undefined) {
      // writeRunReport names the run by its folder; a given name or title needs the page itself.
      await writePage(join(dir, "report.html"), runs[0], values.title, plotlyDir);
    } else {
      await writeRunReport(dir, { plotly: plotlyPlacement(dir, plotlyDir) });
    }
    console.log(`written: ${join(dir, "report.html")}`);
    if (values.png) await exportFigures(runFigures(runs[0]), join(dir, "figures"));
    return 0;
  }

  const out = values.out ?? DEFAULT_COMPARISON;
  if (!out.endsWith(".html")) {
    throw new TypeError(`--out needs a file name ending in .html: got "${out}"`);
  }
  let figures: Record<string, Figure>;
  if (runs.length === 1) {
    await writePage(out, runs[0], values.title, plotlyDir);
    figures = runFigures(runs[0]);
  } else {
    const named: NamedMetrics[] = runs.map(({ name, metrics }) => ({ name, metrics }));
    const paired = await pairedComparisons(runDirs, names);
    const html = comparisonReportHtml(named, {
      paired,
      ...(values.title === undefined ? {} : { title: values.title }),
      plotly: plotlyPlacement(dirname(out), plotlyDir),
    });
    await writeHtml(out, html, plotlyDir);
    figures = comparisonFigures(named);
  }
  console.log(`written: ${out} (${runs.map((r) => r.name).join(", ")})`);
  if (values.png) await exportFigures(figures, out.replace(/\.html$/, "-figures"));
  return 0;
}

/**
 * The differences of each pair of runs that predicted the same test clips
 * (their `predictions.csv`; a k-fold run's pooled one), from a paired
 * bootstrap; one line per pair says how it is compared.
 */
async function pairedComparisons(dirs: string[], names: string[]): Promise<PairedComparison[]> {
  const predictions: (PredictionRecord[] | null)[] = [];
  for (const dir of dirs) {
    const path = join(dir, "predictions.csv");
    predictions.push(
      await exists(path) ? parsePredictionsCsv(await Deno.readTextFile(path)) : null,
    );
  }
  const out: PairedComparison[] = [];
  for (let i = 0; i < dirs.length; i++) {
    for (let j = i + 1; j < dirs.length; j++) {
      const [a, b] = [predictions[i], predictions[j]];
      const pair = `${names[i]} vs ${names[j]}`;
      if (a === null || b === null) {
        console.log(
          `${pair}: compared by CI overlap (no predictions.csv in ${a ? dirs[j] : dirs[i]})`,
        );
        continue;
      }
      try {
        const differences = pairedDifferences(a, b);
        out.push({ a: names[i], b: names[j], differences });
        console.log(`${pair}: paired bootstrap over the ${differences.n} clips both predicted`);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        console.log(`${pair}: compared by CI overlap (not the same test clips)`);
      }
    }
  }
  return out;
}

/** The names of the runs: `--names`, or the folder names made unique. */
function runNames(dirs: string[], given: string | undefined): string[] {
  if (given !== undefined) {
    const names = given.split(",").map((n) => n.trim());
    if (names.length !== dirs.length || names.some((n) => n === "")) {
      throw new TypeError(
        `--names needs one non-empty name per run (${dirs.length}): got "${given}"`,
      );
    }
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) throw new TypeError(`--names must be distinct: got "${twice}" twice`);
    return names;
  }
  const names = dirs.map((d) => basename(resolve(d)));
  // Two folders of one name (runs/a/fold-1, runs/b/fold-1): name them by their paths.
  return names.map((n, i) => names.indexOf(n) !== names.lastIndexOf(n) ? dirs[i] : n);
}

/**
 * Reads a run folder for a report, turning a missing folder or a folder
 * without metrics into one line that says what to do.
 *
 * @param dir A run folder, single or k-fold.
 * @returns The run, named by its folder.
 * @throws {Error} The folder is missing or holds no metrics.json.
 */
export async function readRunFolder(dir: string): Promise<RunRecord> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch {
    throw new Error(`${dir}: no such folder`);
  }
  if (!info.isDirectory) throw new Error(`${dir}: not a folder`);
  try {
    return await readRun(dir);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new Error(`${dir}: ${(error as Error).message}`);
    }
    const trained = await exists(join(dir, "split.json")) || await exists(join(dir, "fold-1"));
    throw new Error(
      trained
        ? `${dir}: no metrics.json yet: run \`deno task evaluate --run ${dir}\``
        : `${dir}: not a run folder (no metrics.json)`,
    );
  }
}
async function isSweep(dir: string): Promise<boolean> {
  return await Deno.stat(join(dir, "sweep.json")).then(() => true, () => false);
}

/** A sweep folder: pooled k-fold metrics per grid point, compared; missing tasks listed. */
async function reportSweep(
  dir: string,
  out: string | undefined,
  title: string | undefined,
  plotlyDir: string | undefined,
): Promise<number> {
  const results = await gatherSweep(dir);
  const page = out ?? join(dir, "report.html");
  if (plotlyDir !== undefined) await writePlotlyBundle(plotlyDir);
  await Deno.mkdir(dirname(page), { recursive: true });
  await Deno.writeTextFile(
    page,
    sweepReportHtml(results, {
      plotly: plotlyPlacement(dirname(page), plotlyDir),
      ...(title === undefined ? {} : { title }),
    }),
  );
  for (const i of results.missing) {
    console.log(`missing: task ${i} ${results.spec.tasks[i].runDir}`);
  }
  console.log(`written: ${page}`);
  return 0;
}

/**
 * The plotly placement of a page in `pageDir`: inline, or a `plotly.min.js`
 * in `plotlyDir`, referred to relative to the page.
 *
 * @param pageDir The folder the page is written to.
 * @param plotlyDir `--plotly-dir`, or `undefined` for inline.
 * @returns What `toHtml` takes as `plotly`.
 */
export function plotlyPlacement(pageDir: string, plotlyDir: string | undefined): PlotlyPlacement {
  if (plotlyDir === undefined) return "inline";
  if (plotlyDir.trim() === "") throw new TypeError('--plotly-dir needs a folder: got ""');
  return { directory: relative(resolve(pageDir), resolve(plotlyDir)) || "." };
}

/**
 * Exports figures as PNG into `outDir` through headless Chromium, or says in
 * one line on stderr that they were skipped when no Chromium is found.
 *
 * @param figures The figures, by file name.
 * @param outDir Where the PNG files go.
 */
export async function exportFigures(figures: Record<string, Figure>, outDir: string) {
  const chromium = findChromium();
  if (chromium === null) {
    console.error(
      "warning: PNG figures skipped: no Chromium found (apt-get install chromium, or set SERLAB_CHROMIUM); the HTML report is written",
    );
    return;
  }
  const files = await exportPng(figures, outDir, { executablePath: chromium });
  console.log(`written: ${files.length} PNG figures in ${outDir}`);
}

async function writePage(
  path: string,
  run: RunRecord,
  title: string | undefined,
  plotlyDir: string | undefined,
): Promise<void> {
  const html = runReportHtml(run, {
    ...(title === undefined ? {} : { title }),
    plotly: plotlyPlacement(dirname(path), plotlyDir),
  });
  await writeHtml(path, html, plotlyDir);
}

async function writeHtml(path: string, html: string, plotlyDir: string | undefined) {
  if (plotlyDir !== undefined) await writePlotlyBundle(plotlyDir);
  await Deno.mkdir(dirname(path) || ".", { recursive: true });
  const temporary = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(temporary, html);
  await Deno.rename(temporary, path);
}

if (import.meta.main) runMain(main);
