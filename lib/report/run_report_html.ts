import { isKFold } from "./_format.ts";
import { headlineTable, kFoldTables, settingsTables } from "./_tables.ts";
import type { RunRecord } from "./_types.ts";
import { runFigures } from "./run_figures.ts";
import { toHtml, type ToHtmlOptions } from "./to_html.ts";

/** Options of {@linkcode runReportHtml}: those of {@linkcode toHtml}. */
export interface RunReportHtmlOptions extends ToHtmlOptions {
  /** The page title. @default {`Run ${run.name}`} */
  title?: string;
  /** HTML placed after the tables and before the figures; not escaped. @default {""} */
  headerHtml?: string;
}

/**
 * The report page of one run: its headline metrics (accuracy, macro-F1 and
 * UAR with their confidence intervals, male and female accuracy and the gap)
 * and its settings as tables at the top, then every figure of
 * {@linkcode runFigures}. A K-fold run shows mean ± std over folds beside the
 * pooled metrics, and a row per fold.
 *
 * @param run The run: name, `config.json` contents, metrics and epoch logs.
 * @param options Title, extra header, plotly placement and div id prefix, as in {@linkcode toHtml}.
 * @returns The page.
 *
 * @example The headline table comes first
 * ```ts
 * import { runReportHtml } from "./run_report_html.ts";
 * import { tinyHistory, tinyMetrics } from "./_testing.ts";
 * import { assert, assertStringIncludes } from "@std/assert";
 *
 * const html = runReportHtml(
 *   { name: "cnn-1", config: { config: { epochs: 4 } }, metrics: tinyMetrics(), histories: [tinyHistory()] },
 *   { plotly: "none" },
 * );
 * assertStringIncludes(html, "<title>Run cnn-1</title>");
 * assertStringIncludes(html, "83.3%"); // accuracy, 10 of 12
 * assert(html.indexOf("Macro-F1") < html.indexOf('id="serlab-plot-confusion"'));
 * ```
 */
export function runReportHtml(run: RunRecord, options: RunReportHtmlOptions = {}): string {
  const { title = `Run ${run.name}`, headerHtml = "", ...rest } = options;
  const { metrics } = run;
  const tables = isKFold(metrics) ? kFoldTables(metrics) : headlineTable(metrics);
  const header = [
    `<h2>Metrics</h2>`,
    tables,
    `<h2>Settings</h2>`,
    settingsTables(run.name, run.config),
    headerHtml,
    `<h2>Figures</h2>`,
    isKFold(metrics)
      ? `<p class="serlab-note">Figures other than the training curves show the pooled predictions of all ${metrics.folds.length} folds.</p>`
      : "",
  ].filter((part) => part !== "").join("\n");
  return toHtml(runFigures(run), { ...rest, title, headerHtml: header });
}
