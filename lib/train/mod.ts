/**
 * Training the seed CNN: {@linkcode trainModel} (Adam, seeded batches,
 * balanced class weights, {@linkcode ReduceLrOnPlateau},
 * {@linkcode EarlyStopping} restoring the best weights, atomic checkpoints
 * and bit-identical resume), and {@linkcode prepareData}, which turns a
 * RAVDESS folder and a protocol into standardised training, validation and
 * test sets through the "3x" pipeline. The CLI `deno task train` and the
 * notebooks both call these.
 *
 * @example Class weights for RAVDESS-like counts
 * ```ts
 * import { balancedClassWeights } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(balancedClassWeights([0, 1, 1], 2), [1.5, 0.75]);
 * ```
 *
 * @module
 */
export * from "./class_weights.ts";
export * from "./reduce_lr_on_plateau.ts";
export * from "./early_stopping.ts";
export * from "./checkpoint.ts";
export * from "./train_model.ts";
export * from "./prepare_data.ts";
export * from "./run_folder.ts";
