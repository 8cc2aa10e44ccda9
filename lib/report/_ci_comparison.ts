/**
 * Which differences between runs exceed their confidence intervals: two
 * runs "differ" on a metric when their intervals do not overlap, and are
 * "within CI" when they do. Non-overlap is a conservative check (two
 * intervals can overlap while the difference is significant), and overlap
 * does not show the runs equal.
 *
 * @module
 */
import { formatPoints } from "./_format.ts";
import type { HeadlineKey } from "./_tables.ts";
import type { RunMetrics } from "./_types.ts";

/** How two runs compare on one metric. */
export type Verdict = "differs" | "within CI" | "no CI";

/** Two runs compared on one metric; `difference` is b − a. */
export interface PairComparison {
  a: string;
  b: string;
  difference: number;
  verdict: Verdict;
}

/** Every pair of runs, in input order, compared on `key`. */
export function compareRuns(
  runs: { name: string; metrics: RunMetrics }[],
  key: HeadlineKey,
): PairComparison[] {
  const out: PairComparison[] = [];
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      const [a, b] = [runs[i], runs[j]];
      const [ia, ib] = [a.metrics.ci?.[key], b.metrics.ci?.[key]];
      const verdict: Verdict = ia === undefined || ib === undefined
        ? "no CI"
        : ia.high < ib.low || ib.high < ia.low
        ? "differs"
        : "within CI";
      out.push({ a: a.name, b: b.name, difference: b.metrics[key] - a.metrics[key], verdict });
    }
  }
  return out;
}

/** "Accuracy: a vs b +8.9 pp, differs; a vs c +1.2 pp, within CI." */
export function comparisonSentence(title: string, pairs: PairComparison[]): string {
  if (pairs.length === 0) return `${title}: one run only, nothing to compare.`;
  const parts = pairs.map((p) => `${p.a} vs ${p.b} ${formatPoints(p.difference)}, ${p.verdict}`);
  return `${title}: ${parts.join("; ")}.`;
}
