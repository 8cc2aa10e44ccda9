import { basename, resolve } from "node:path";
import {
  comparisonReportHtml,
  type ComparisonReportHtmlOptions,
} from "../report/comparison_report_html.ts";
import type { SweepResults } from "./gather_sweep.ts";

/** Options of {@linkcode sweepReportHtml}: those of `comparisonReportHtml`. */
export type SweepReportHtmlOptions = ComparisonReportHtmlOptions;

/**
 * The report page of a sweep: the grid points that are complete compared
 * side by side by `comparisonReportHtml` (pooled k-fold metrics with their
 * confidence intervals, which differences exceed them, per-class F1,
 * confusion matrices), after a table of the points (settings, tasks done)
 * and a list of the missing tasks.
 *
 * @param results What {@linkcode gatherSweep} returned.
 * @param options Title, plotly placement, div ids. @default {title: "Sweep <folder name>"}
 * @returns The page.
 * @throws {RangeError} No grid point is complete yet (the message lists the missing tasks).
 */
export function sweepReportHtml(
  results: SweepResults,
  options: SweepReportHtmlOptions = {},
): string {
  const done = results.points.filter((p) => p.metrics !== null);
  if (done.length === 0) {
    throw new RangeError(
      `Cannot report the sweep as no grid point is complete: missing tasks ${
        results.missing.join(", ")
      }`,
    );
  }
  const escape = (text: string) =>
    text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  const rows = results.points.map(({ point, tasks, missing }) =>
    `<tr><td>${escape(point.name)}</td><td>${escape(point.dir)}</td><td class="num">${
      tasks.length - missing.length
    }/${tasks.length}</td></tr>`
  );
  const missing = results.missing.map((i) => {
    const task = results.spec.tasks[i];
    return `<li>task ${i}: ${escape(task.runDir)}</li>`;
  });
  const folds = results.spec.folds;
  const header = [
    "<h2>Grid points</h2>",
    `<p class="serlab-note">${
      folds === null
        ? "One run per point."
        : `${folds}-fold cross-validation by actor per point; metrics pooled over the folds' test predictions.`
    }</p>`,
    `<table><thead><tr><th>Point</th><th>Folder</th><th>Tasks done</th></tr></thead><tbody>\n${
      rows.join("\n")
    }\n</tbody></table>`,
    missing.length > 0
      ? `<h2>Missing tasks</h2>\n<ul>\n${missing.join("\n")}\n</ul>\n` +
        `<p class="serlab-note">Points with a missing task are left out; ` +
        `<code>deno task sweep --resume ${escape(results.dir)}</code> runs what is missing.</p>`
      : "",
    options.headerHtml ?? "",
  ].filter((part) => part !== "").join("\n");
  return comparisonReportHtml(
    done.map(({ point, metrics }) => ({ name: point.name, metrics: metrics! })),
    { title: `Sweep ${basename(resolve(results.dir))}`, ...options, headerHtml: header },
  );
}
