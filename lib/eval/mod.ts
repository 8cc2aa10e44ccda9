/**
 * Metrics of a trained SER model, as pure functions over its test
 * predictions (no tfjs): {@linkcode confusionMatrix} and
 * {@linkcode classificationReport} with scikit-learn's semantics (`labels` fix
 * the class order, one zero-division convention), {@linkcode evaluatePredictions}
 * for everything about a run (per class, gender, emotion × gender, actor,
 * intensity and statement, with seeded percentile-bootstrap intervals),
 * {@linkcode aggregateFolds} for k-fold experiments,
 * {@linkcode pairedDifferences} for two runs on the same test clips (a paired
 * bootstrap of their difference, the test an ablation needs), the records of a model's
 * test probabilities ({@linkcode predictionRecords}), CSV files of predictions
 * ({@linkcode predictionsToCsv}, {@linkcode parsePredictionsCsv}) and a
 * terminal summary ({@linkcode formatMetricsTable}).
 *
 * Class order is `EMOTIONS` (`lib/dataset`) unless told otherwise. UAR is the
 * unweighted average recall (balanced accuracy), the usual headline of SER
 * papers next to accuracy and macro-F1. A precision, recall or F1 whose
 * denominator is 0 is 0 (`zeroDivision: 0` in the output).
 *
 * @example Score predictions and print a summary
 * ```ts
 * import { evaluatePredictions, formatMetricsTable, type PredictionRecord } from "./mod.ts";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const emotions = ["neutral", "calm", "happy", "sad"] as const;
 * const records: PredictionRecord[] = [];
 * for (let actor = 1; actor <= 4; actor++) {
 *   for (const [k, emotion] of emotions.entries()) {
 *     records.push({
 *       file: `Actor_0${actor}/03-01-0${k + 1}-01-01-01-0${actor}.wav`,
 *       actor,
 *       gender: actor % 2 ? "male" : "female",
 *       emotion,
 *       intensity: "normal",
 *       statement: 1,
 *       // Actor 4 (a woman) is heard as calm whatever she says.
 *       predicted: actor === 4 ? "calm" : emotion,
 *       probabilities: [0, 0, 0, 0, 0, 0, 0, 0],
 *     });
 *   }
 * }
 * const metrics = evaluatePredictions(records, { bootstrap: { resamples: 100 } });
 * assertEquals(metrics.accuracy, 13 / 16);
 * assertEquals(metrics.byActor["04"].accuracy, 0.25);
 * assertEquals(metrics.genderGap, 1 - 5 / 8);
 * assertEquals(metrics.confusion[0].slice(0, 4), [3, 1, 0, 0]);
 * assertStringIncludes(formatMetricsTable(metrics), "accuracy");
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./confusion_matrix.ts";
export * from "./classification_report.ts";
export * from "./evaluate_predictions.ts";
export * from "./aggregate_folds.ts";
export * from "./predictions_to_csv.ts";
export * from "./parse_predictions_csv.ts";
export * from "./format_metrics_table.ts";
export * from "./prediction_records.ts";
export * from "./paired_differences.ts";
