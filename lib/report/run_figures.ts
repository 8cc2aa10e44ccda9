import type { Figure, RunRecord } from "./_types.ts";
import { confusionMatrixFigure } from "./confusion_matrix_figure.ts";
import { genderBiasFigure } from "./gender_bias_figure.ts";
import { perActorFigure } from "./per_actor_figure.ts";
import { perClassF1Figure } from "./per_class_f1_figure.ts";
import { trainingCurvesFigure } from "./training_curves_figure.ts";

/**
 * Every figure of a run report, under fixed keys in page order:
 * `confusion` (row %), `confusionCounts`, `perClassF1`, `genderBias`,
 * `perActor`, and `trainingCurves` when some epoch was logged (one line per
 * fold for a K-fold run). A K-fold run's other figures show its pooled
 * metrics.
 *
 * @param run The run's metrics and epoch logs.
 * @returns The figures by key.
 *
 * @example A run without epoch logs has no training curves
 * ```ts
 * import { runFigures } from "./run_figures.ts";
 * import { tinyHistory, tinyMetrics } from "./_testing.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const keys = ["confusion", "confusionCounts", "perClassF1", "genderBias", "perActor"];
 * assertEquals(Object.keys(runFigures({ metrics: tinyMetrics(), histories: [] })), keys);
 * assertEquals(
 *   Object.keys(runFigures({ metrics: tinyMetrics(), histories: [tinyHistory()] })),
 *   [...keys, "trainingCurves"],
 * );
 * ```
 */
export function runFigures(run: Pick<RunRecord, "metrics" | "histories">): Record<string, Figure> {
  const { metrics, histories } = run;
  const figures: Record<string, Figure> = {
    confusion: confusionMatrixFigure(metrics, { normalize: true }),
    confusionCounts: confusionMatrixFigure(metrics),
    perClassF1: perClassF1Figure(metrics),
    genderBias: genderBiasFigure(metrics),
    perActor: perActorFigure(metrics),
  };
  if (histories.some((history) => history.length > 0)) {
    figures.trainingCurves = trainingCurvesFigure(histories);
  }
  return figures;
}
