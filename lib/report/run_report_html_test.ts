import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { runReportHtml } from "./run_report_html.ts";
import { tinyConfig, tinyHistory, tinyKFold, tinyMetrics } from "./_testing.ts";

const run = {
  name: "cnn-1",
  config: tinyConfig(),
  metrics: tinyMetrics(),
  histories: [tinyHistory()],
};

Deno.test("runReportHtml() heads the page with metrics and CIs, gender accuracy and gap", () => {
  const html = runReportHtml(run, { plotly: "none" });
  const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
  const num = (text: string) => `<span class="num">${text}</span>`;
  assertStringIncludes(html, "<th>Metric</th><th>Value</th><th>95% CI</th>");
  assertStringIncludes(html, row(["Accuracy", num("83.3%"), num("[78.3, 88.3]")]));
  assertStringIncludes(html, row(["Male accuracy (n = 6)", num("83.3%"), ""]));
  assertStringIncludes(html, row(["Female accuracy (n = 6)", num("73.3%"), ""]));
  assertStringIncludes(html, row(["Gap (male − female)", num("+10.0 pp"), num("[−5.0, 25.0]")]));
  assertStringIncludes(html, "CIs by bootstrap: 1000 resamples, seed 42");
  assert(html.indexOf("<h2>Metrics</h2>") < html.indexOf("<h2>Settings</h2>"));
  assert(html.indexOf("<h2>Settings</h2>") < html.indexOf('<div id="serlab-plot-'));
});

Deno.test("runReportHtml() lists every setting, nested ones as dotted keys, escaped", () => {
  const html = runReportHtml(run, { plotly: "none" });
  const setting = (key: string, value: string) =>
    `<tr><td><code>${key}</code></td><td>${value}</td></tr>`;
  assertStringIncludes(html, setting("epochs", "4"));
  assertStringIncludes(html, setting("model.dropout", "[0.1,0.2]"));
  assertStringIncludes(html, setting("augment.note", "&lt;b&gt;not bold&lt;/b&gt;"));
  assertStringIncludes(html, setting("backend", "wasm (simd, 2 threads)"));
  assertStringIncludes(html, setting("backend.threads", "2"));
  assertStringIncludes(html, setting("versions.deno", "2.9.6"));
  assertStringIncludes(html, setting("dataHash", "sha256:abc123"));
  assertStringIncludes(html, setting("protocol", "actor-split"));
});

Deno.test("runReportHtml() places all of the run's figures in order", () => {
  const html = runReportHtml(run, { plotly: "none", divIdPrefix: "r" });
  const ids = [...html.matchAll(/<div id="([^"]+)"/g)].map((m) => m[1]);
  assertEquals(ids, [
    "r-confusion",
    "r-confusionCounts",
    "r-perClassF1",
    "r-genderBias",
    "r-perActor",
    "r-trainingCurves",
  ]);
  assertEquals(html, runReportHtml(run, { plotly: "none", divIdPrefix: "r" }));
});

Deno.test("runReportHtml() of a K-fold run shows mean ± std, pooled CIs and each fold", () => {
  const html = runReportHtml(
    { ...run, name: "cv", metrics: tinyKFold(), histories: [tinyHistory(3), tinyHistory(4)] },
    { plotly: "none" },
  );
  assertStringIncludes(
    html,
    "<th>Mean ± std over 2 folds</th><th>Pooled</th><th>Pooled 95% CI</th>",
  );
  assertStringIncludes(html, "83.3% ± 2.0");
  assertStringIncludes(html, "<h2>Folds</h2>");
  assertStringIncludes(html, "81.3% [76.3, 86.3]"); // fold 1 accuracy
  assertStringIncludes(html, "pooled predictions of all 2 folds");
  assertStringIncludes(html, "fold 2 val loss");
});

Deno.test("runReportHtml() reads config.json as deno task train writes it (settings key)", () => {
  const config = {
    settings: {
      config: { training: { epochs: 30 } },
      split: { kind: "fold", fold: 1, folds: 5 },
      actors: null,
      dataHash: "sha256:feed",
    },
    backend: { path: "wasm", threads: 2, line: "serlab backend: wasm (simd, 2 threads)" },
    versions: { deno: "2.9.6" },
    command: "deno task train --folds 5",
  };
  const html = runReportHtml({ ...run, config }, { plotly: "none" });
  const setting = (key: string, value: string) =>
    `<tr><td><code>${key}</code></td><td>${value}</td></tr>`;
  assertStringIncludes(html, setting("config.training.epochs", "30"));
  assertStringIncludes(html, setting("split.kind", "fold"));
  assertStringIncludes(html, setting("actors", "null"));
  assertStringIncludes(html, setting("backend", "serlab backend: wasm (simd, 2 threads)"));
  assertStringIncludes(html, setting("backend.path", "wasm"));
  assertStringIncludes(html, setting("command", "deno task train --folds 5"));
  const settings = html.indexOf("All settings (config.json)");
  assert(html.indexOf("config.training.epochs") > settings);
  assert(html.indexOf("<code>command</code>") < settings);
});
