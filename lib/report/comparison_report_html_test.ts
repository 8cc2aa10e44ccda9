import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { comparisonReportHtml } from "./comparison_report_html.ts";
import { tinyKFold, tinyMetrics } from "./_testing.ts";

const runs = [
  { name: "baseline", metrics: tinyMetrics() },
  { name: "augmented", metrics: tinyMetrics({ shift: 0.15 }) },
  { name: "5-fold", metrics: tinyKFold() },
];

Deno.test("comparisonReportHtml() puts the runs' metrics with CIs side by side", () => {
  const html = comparisonReportHtml(runs, { plotly: "none" });
  assertStringIncludes(html, "<th>Metric</th><th>baseline</th><th>augmented</th><th>5-fold</th>");
  assertStringIncludes(html, "83.3% [78.3, 88.3]"); // baseline accuracy
  assertStringIncludes(html, "98.3% [93.3, 103.3]"); // augmented accuracy
  assertStringIncludes(html, "+10.0 pp [−5.0, 25.0]"); // gap
  assertStringIncludes(html, "Value [interval]: 95% CI");
});

Deno.test("comparisonReportHtml() says per metric which differences exceed their CIs", () => {
  const html = comparisonReportHtml(runs, { plotly: "none" });
  assertStringIncludes(
    html,
    "<li>Accuracy: baseline vs augmented +15.0 pp, differs; baseline vs 5-fold 0.0 pp, within CI; " +
      "augmented vs 5-fold −15.0 pp, differs.</li>",
  );
  for (const metric of ["Macro-F1", "UAR", "Gender gap (male − female accuracy)"]) {
    assertStringIncludes(html, `<li>${metric}: baseline vs augmented`);
  }
  assertEquals(html.split("<li>").length - 1, 4);
});

Deno.test("comparisonReportHtml() shows per-class F1 grouped and a confusion matrix per run", () => {
  const html = comparisonReportHtml(runs, { plotly: "none" });
  assertStringIncludes(html, '<div id="serlab-plot-perClassF1"');
  assertStringIncludes(html, '<div id="serlab-plot-genderGap"');
  for (const i of [1, 2, 3]) assertStringIncludes(html, `<div id="serlab-plot-confusion-${i}"`);
  assertStringIncludes(html, "Confusion matrix: augmented (% of true class)");
  assert(html.indexOf("<h2>Differences</h2>") < html.indexOf('id="serlab-plot-perClassF1"'));
});

Deno.test("comparisonReportHtml() escapes run names", () => {
  const html = comparisonReportHtml([{ name: "<i>x</i>", metrics: tinyMetrics() }], {
    plotly: "none",
  });
  assertStringIncludes(html, "<th>&lt;i&gt;x&lt;/i&gt;</th>");
  assertStringIncludes(html, "<li>Accuracy: one run only, nothing to compare.</li>");
  assert(!html.includes("<i>x</i>"));
});

Deno.test("comparisonReportHtml() rejects no runs and duplicate names", () => {
  assertThrows(() => comparisonReportHtml([]), RangeError, "runs must not be empty");
  assertThrows(
    () => comparisonReportHtml([runs[0], runs[0]]),
    RangeError,
    'current value "baseline" appears twice',
  );
});
