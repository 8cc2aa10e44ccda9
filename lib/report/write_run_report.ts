import { join } from "node:path";
import type { Figure } from "./_types.ts";
import { readRun } from "./read_run.ts";
import { runFigures } from "./run_figures.ts";
import { runReportHtml, type RunReportHtmlOptions } from "./run_report_html.ts";
import { writePlotlyBundle } from "./write_plotly_bundle.ts";

/** Options of {@linkcode writeRunReport}: those of {@linkcode runReportHtml}. */
export type WriteRunReportOptions = RunReportHtmlOptions;

/**
 * Reads a run folder ({@linkcode readRun}) and writes its report page to
 * `runDir/report.html` (through a temporary file and a rename, so a reader
 * never sees half a page). With `plotly: { directory }`, `plotly.min.js` is
 * written once into that folder, relative to `runDir`: `{ directory: ".." }`
 * shares one copy between all runs of `runs/`.
 *
 * @param runDir The run folder, e.g. `runs/cnn-1`.
 * @param options As for {@linkcode runReportHtml}; plotly is inlined by default.
 * @returns The figures of the report by key, e.g. for {@linkcode exportPng}.
 * @throws {Deno.errors.NotFound} No `metrics.json` in the folder.
 *
 * @example A report sharing plotly.min.js with its sibling runs
 * ```ts
 * import { writeRunReport } from "./write_run_report.ts";
 * import { tinyHistory, tinyMetrics } from "./_testing.ts";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const runs = await Deno.makeTempDir();
 * await Deno.mkdir(`${runs}/cnn-1`);
 * await Deno.writeTextFile(`${runs}/cnn-1/metrics.json`, JSON.stringify(tinyMetrics()));
 * await Deno.writeTextFile(`${runs}/cnn-1/history.json`, JSON.stringify(tinyHistory()));
 * const figures = await writeRunReport(`${runs}/cnn-1`, { plotly: { directory: ".." } });
 * assertEquals(Object.keys(figures).at(-1), "trainingCurves");
 * const html = await Deno.readTextFile(`${runs}/cnn-1/report.html`);
 * assertStringIncludes(html, '<script src="../plotly.min.js"></script>');
 * await Deno.stat(`${runs}/plotly.min.js`);
 * await Deno.remove(runs, { recursive: true });
 * ```
 */
export async function writeRunReport(
  runDir: string,
  options: WriteRunReportOptions = {},
): Promise<Record<string, Figure>> {
  const run = await readRun(runDir);
  const html = runReportHtml(run, options);
  const { plotly = "inline" } = options;
  if (typeof plotly === "object") await writePlotlyBundle(join(runDir, plotly.directory));
  const path = join(runDir, "report.html");
  const temporary = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(temporary, html);
  await Deno.rename(temporary, path);
  return runFigures(run);
}
