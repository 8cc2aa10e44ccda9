/**
 * The HTML tables of the reports: headline metrics with their confidence
 * intervals, K-fold summaries, and a run's settings.
 *
 * @module
 */
import { formatInterval, formatPercent, formatPoints } from "./_format.ts";
import { escapeHtml, htmlTable } from "./_html.ts";
import type { Interval, KFoldMetrics, RunConfig, RunMetrics } from "./_types.ts";

/** The metrics a report puts at the top, with how each is shown. */
export const HEADLINE = [
  { key: "accuracy", title: "Accuracy", points: false },
  { key: "macroF1", title: "Macro-F1", points: false },
  { key: "uar", title: "UAR", points: false },
  { key: "genderGap", title: "Gender gap (male − female accuracy)", points: true },
] as const;

/** One of the metrics that carry a confidence interval. */
export type HeadlineKey = (typeof HEADLINE)[number]["key"];

/** "95% CI", from the bootstrap settings. */
export function ciName(metrics: RunMetrics): string {
  const confidence = metrics.ci?.settings.confidence;
  return confidence === undefined ? "CI" : `${+(100 * confidence).toFixed(1)}% CI`;
}

/** A value as a percentage or in points, with its interval when known: "61.2 % [57.0, 65.3]". */
export function valueWithInterval(value: number, interval: Interval | undefined, points: boolean) {
  const text = points ? formatPoints(value) : formatPercent(value);
  return interval ? `${text} ${formatInterval(interval)}` : text;
}

const num = (text: string) => `<span class="num">${escapeHtml(text)}</span>`;

/** Accuracy, macro-F1, UAR, each gender's accuracy and the gap, with CIs where known. */
export function headlineTable(metrics: RunMetrics, caption?: string): string {
  const ci = metrics.ci;
  const rows: string[][] = [
    ...HEADLINE.filter((m) => m.key !== "genderGap").map((m) => [
      m.title,
      num(formatPercent(metrics[m.key])),
      num(ci ? formatInterval(ci[m.key]) : "–"),
    ]),
    [
      `Male accuracy (n = ${metrics.byGender.male.n})`,
      num(formatPercent(metrics.byGender.male.accuracy)),
      "",
    ],
    [
      `Female accuracy (n = ${metrics.byGender.female.n})`,
      num(formatPercent(metrics.byGender.female.accuracy)),
      "",
    ],
    [
      "Gap (male − female)",
      num(formatPoints(metrics.genderGap)),
      num(ci ? formatInterval(ci.genderGap) : "–"),
    ],
  ];
  const settings = ci
    ? `; CIs by bootstrap: ${ci.settings.resamples} resamples, seed ${ci.settings.seed}`
    : "; no confidence intervals in metrics.json";
  return htmlTable(
    ["Metric", "Value", escapeHtml(ciName(metrics))],
    rows,
    { caption: escapeHtml(caption ?? `Test clips: n = ${metrics.n}${settings}.`) },
  );
}

/** Mean ± std over folds beside the pooled value and its CI, then one row per fold. */
export function kFoldTables(metrics: KFoldMetrics): string {
  const { pooled, folds } = metrics;
  const summary = htmlTable(
    [
      "Metric",
      `Mean ± std over ${folds.length} folds`,
      "Pooled",
      `Pooled ${escapeHtml(ciName(pooled))}`,
    ],
    HEADLINE.map((m) => {
      const format = m.points ? formatPoints : formatPercent;
      const spread = Number.isFinite(metrics.std[m.key])
        ? ` ± ${(100 * metrics.std[m.key]).toFixed(1)}`
        : "";
      return [
        m.title,
        num(`${format(metrics.mean[m.key])}${spread}`),
        num(format(pooled[m.key])),
        num(pooled.ci ? formatInterval(pooled.ci[m.key]) : "–"),
      ];
    }),
    { caption: escapeHtml(`Pooled: all folds' test clips together, n = ${pooled.n}.`) },
  );
  const perFold = htmlTable(
    ["Fold", "n", "Accuracy", "Macro-F1", "UAR", "Male", "Female", "Gap"],
    folds.map((fold, i) => [
      String(i + 1),
      num(String(fold.n)),
      num(valueWithInterval(fold.accuracy, fold.ci?.accuracy, false)),
      num(valueWithInterval(fold.macroF1, fold.ci?.macroF1, false)),
      num(valueWithInterval(fold.uar, fold.ci?.uar, false)),
      num(formatPercent(fold.byGender.male.accuracy)),
      num(formatPercent(fold.byGender.female.accuracy)),
      num(valueWithInterval(fold.genderGap, fold.ci?.genderGap, true)),
    ]),
  );
  return `${summary}\n<h2>Folds</h2>\n${perFold}`;
}

/** Nested settings as dotted keys: `{ a: { b: 1 } }` → `[["a.b", "1"]]`; arrays as JSON. */
export function flattenSettings(value: unknown, prefix = ""): [string, string][] {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix !== "") return [[prefix, "{}"]];
    return entries.flatMap(([k, v]) => flattenSettings(v, prefix === "" ? k : `${prefix}.${k}`));
  }
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return [[prefix, text]];
}

/** The run's identity (protocol, fold, backend, data hash, versions), then every setting. */
export function settingsTables(name: string, config: RunConfig): string {
  const { settings, config: configured, backend, versions, ...rest } = config;
  const about: [string, string][] = [["name", name]];
  for (const [key, value] of Object.entries(rest)) about.push(...flattenSettings(value, key));
  if (backend !== undefined) {
    const { line, ...details } = backend;
    if (line !== undefined) about.push(["backend", String(line)]);
    about.push(...flattenSettings(details, "backend").filter(([, v]) => v !== "{}"));
  }
  if (versions !== undefined) about.push(...flattenSettings(versions, "versions"));
  const rows = (pairs: [string, string][]) =>
    pairs.map(([k, v]) => [`<code>${escapeHtml(k)}</code>`, escapeHtml(v)]);
  const parts = [htmlTable(["Run", ""], rows(about))];
  const all = [
    ...(settings === undefined ? [] : flattenSettings(settings)),
    ...(configured === undefined ? [] : flattenSettings(configured)),
  ];
  if (all.length > 0) {
    parts.push(
      `<details open><summary>All settings (config.json)</summary>\n${
        htmlTable(["Setting", "Value"], rows(all))
      }\n</details>`,
    );
  }
  return parts.join("\n");
}
