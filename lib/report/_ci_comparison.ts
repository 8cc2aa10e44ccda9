/**
 * Which differences between runs exceed their confidence intervals. When
 * the two runs predicted the same test clips and a paired bootstrap of
 * their difference is given, they "differ" when that interval of b − a
 * excludes 0. Otherwise they "differ" when their own intervals do not
 * overlap, and are "within CI" when they do: a conservative check (two
 * intervals can overlap while the difference is significant). Neither
 * "within CI" shows the runs equal.
 *
 * @module
 */
import { formatPoints } from "./_format.ts";
import type { HeadlineKey } from "./_tables.ts";
import type { Interval, PairedComparison, RunMetrics } from "./_types.ts";

/** How two runs compare on one metric. */
export type Verdict = "differs" | "within CI" | "no CI";

/** Two runs compared on one metric; `difference` is b − a. */
export interface PairComparison {
  a: string;
  b: string;
  difference: number;
  verdict: Verdict;
  /** The paired-bootstrap interval of `difference`, when the verdict comes from one. */
  interval?: Interval;
}

/**
 * Every pair of runs, in input order, compared on `key`: by the paired
 * interval of their difference when `paired` holds one for the pair, else
 * by the overlap of their own intervals.
 */
export function compareRuns(
  runs: { name: string; metrics: RunMetrics }[],
  key: HeadlineKey,
  paired: readonly PairedComparison[] = [],
): PairComparison[] {
  const out: PairComparison[] = [];
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      const [a, b] = [runs[i], runs[j]];
      const match = paired.find((p) => p.a === a.name && p.b === b.name);
      if (match !== undefined) {
        const { difference, low, high } = match.differences[key];
        const verdict: Verdict = low > 0 || high < 0 ? "differs" : "within CI";
        out.push({ a: a.name, b: b.name, difference, verdict, interval: { low, high } });
        continue;
      }
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

/** "Accuracy: a vs b +8.9 pp, paired CI [+2.0, +15.1], differs; a vs c +1.2 pp, within CI." */
export function comparisonSentence(title: string, pairs: PairComparison[]): string {
  if (pairs.length === 0) return `${title}: one run only, nothing to compare.`;
  const parts = pairs.map((p) => {
    const bare = (x: number) => formatPoints(x).replace(" pp", "");
    const paired = p.interval
      ? `, paired CI [${bare(p.interval.low)}, ${bare(p.interval.high)}]`
      : "";
    return `${p.a} vs ${p.b} ${formatPoints(p.difference)}${paired}, ${p.verdict}`;
  });
  return `${title}: ${parts.join("; ")}.`;
}
