/**
 * Reports: progress on long work ({@linkcode progressReporter}), and the
 * figures and pages that show what a run learned.
 *
 * Figures are plain plotly `{ data, layout }` values from pure functions:
 * {@linkcode confusionMatrixFigure}, {@linkcode genderBiasFigure},
 * {@linkcode trainingCurvesFigure}, {@linkcode perClassF1Figure},
 * {@linkcode perActorFigure}, and all of a run's at once with
 * {@linkcode runFigures}. They read the `metrics.json` and `history.json`
 * that `lib/eval` and `lib/train` write, whose shapes are declared here.
 *
 * Pages: {@linkcode toHtml} (and {@linkcode figureHtml} for one plot) make
 * offline HTML with plotly.js from the pinned npm package inlined, shared as
 * a `plotly.min.js` beside the pages ({@linkcode writePlotlyBundle}), or left
 * out; never a CDN. {@linkcode runReportHtml} and {@linkcode writeRunReport}
 * report one run folder, {@linkcode comparisonReportHtml} compares runs and
 * says which differences exceed their confidence intervals.
 *
 * Images and notebooks: {@linkcode exportPng} renders figures to PNG with a
 * headless Chromium ({@linkcode findChromium}); {@linkcode display} shows a
 * figure in Deno's Jupyter kernel, and {@linkcode show} sends any output
 * during a cell so that headless runs keep it. The notebooks' own figures: signals
 * ({@linkcode waveformFigure}, {@linkcode logMelFigure}), distributions and
 * counts ({@linkcode histogramFigure}, {@linkcode barFigure}); and
 * {@linkcode recordsTable}, {@linkcode audioPlayer} and
 * {@linkcode trainingProgressDisplay} for tables, sound and live training
 * progress in a notebook.
 *
 * @example A run folder to a report page
 * ```ts
 * import { writeRunReport } from "./mod.ts";
 * import { tinyMetrics } from "./_testing.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/metrics.json`, JSON.stringify(tinyMetrics()));
 * await writeRunReport(dir, { plotly: "none" });
 * assertStringIncludes(await Deno.readTextFile(`${dir}/report.html`), "Confusion matrix");
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./progress.ts";
export type * from "./_types.ts";
export * from "./confusion_matrix_figure.ts";
export * from "./gender_bias_figure.ts";
export * from "./training_curves_figure.ts";
export * from "./per_class_f1_figure.ts";
export * from "./per_actor_figure.ts";
export * from "./run_figures.ts";
export * from "./figure_html.ts";
export * from "./to_html.ts";
export * from "./write_plotly_bundle.ts";
export * from "./run_report_html.ts";
export * from "./read_run.ts";
export * from "./write_run_report.ts";
export * from "./comparison_report_html.ts";
export * from "./gender_gap_comparison_figure.ts";
export * from "./find_chromium.ts";
export * from "./export_png.ts";
export * from "./display.ts";
export * from "./waveform_figure.ts";
export * from "./log_mel_figure.ts";
export * from "./histogram_figure.ts";
export * from "./bar_figure.ts";
export * from "./audio_player.ts";
export * from "./training_progress_display.ts";
export * from "./records_table.ts";
export * from "./show.ts";
