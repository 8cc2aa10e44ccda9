/**
 * What the sweep tests share.
 *
 * @module
 */

/** The quick sweep of the issue: 2 folds × 2 learning rates on actors 1–6, one epoch of a tiny model. */
export const QUICK: string[] = [
  "--folds",
  "2",
  "--grid",
  "train.learningRate=1e-3,5e-4",
  "--actors",
  "1-6",
  "--epochs",
  "1",
  "--widths",
  "4,8,8,8",
];
