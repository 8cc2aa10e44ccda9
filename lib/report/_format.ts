/**
 * Shared pieces of the figures and reports: colors, number formats, the
 * base layout, and which metrics of a K-fold run a figure shows.
 *
 * @module
 */
import type { Interval, KFoldMetrics, Layout, RunMetrics } from "./_types.ts";

/** Okabe–Ito colors, readable with color-vision deficiencies. */
export const PALETTE: readonly string[] = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#000000",
];

/** The color of each gender in every figure. */
export const GENDER_COLORS = { male: "#0072B2", female: "#D55E00" } as const;

/** The color of the `i`-th run or fold. */
export function seriesColor(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** True for the metrics of a K-fold run. */
export function isKFold(metrics: RunMetrics | KFoldMetrics): metrics is KFoldMetrics {
  return "folds" in metrics && "pooled" in metrics;
}

/** The metrics a figure shows: a K-fold run's pooled predictions, or the run's own. */
export function runMetricsOf(metrics: RunMetrics | KFoldMetrics): RunMetrics {
  return isKFold(metrics) ? metrics.pooled : metrics;
}

/** A fraction as a percentage, or `null` (a gap in a plot) when not finite. */
export function percent(fraction: number): number | null {
  return Number.isFinite(fraction) ? 100 * fraction : null;
}

/** "61.2%", or "–" when not finite. */
export function formatPercent(fraction: number, digits = 1): string {
  return Number.isFinite(fraction) ? `${(100 * fraction).toFixed(digits)}%` : "–";
}

/** A difference of fractions in percentage points with its sign: "+3.2 pp", "−1.0 pp". */
export function formatPoints(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return "–";
  const value = (100 * fraction).toFixed(digits);
  if (Number(value) === 0) return `${(0).toFixed(digits)} pp`;
  return fraction > 0 ? `+${value} pp` : `−${value.slice(1)} pp`;
}

/** "[57.0, 65.3]" in percent, or "[−2.1, 9.8]" for points. */
export function formatInterval(interval: Interval, digits = 1): string {
  const f = (x: number) => {
    if (!Number.isFinite(x)) return "–";
    const text = (100 * x).toFixed(digits);
    return text.startsWith("-") ? `−${text.slice(1)}` : text;
  };
  return `[${f(interval.low)}, ${f(interval.high)}]`;
}

/** The layout every figure starts from: title, font, margins, white background. */
export function baseLayout(title: string, extra: Layout = {}): Layout {
  return {
    title: { text: title, x: 0.02, xanchor: "left" },
    font: { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 13 },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin: { l: 70, r: 30, t: 60, b: 70 },
    ...extra,
  };
}

/** An axis with light grid lines, as in every cartesian figure. */
export function axis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title },
    gridcolor: "#e6e6e6",
    linecolor: "#444444",
    zerolinecolor: "#bbbbbb",
    automargin: true,
    ...extra,
  };
}

/** Actor keys in numeric order when they are numbers ("2" before "10"), else text order. */
export function sortKeys(keys: string[]): string[] {
  const numeric = keys.every((k) => k.trim() !== "" && Number.isFinite(Number(k)));
  return [...keys].sort((a, b) => numeric ? Number(a) - Number(b) : a.localeCompare(b));
}
