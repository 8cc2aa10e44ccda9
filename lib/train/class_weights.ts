/**
 * Balanced class weights, as scikit-learn's `compute_class_weight("balanced")`:
 * weight of class c = n / (k · count(c)). RAVDESS has half as many neutral
 * clips as other emotions, so neutral weighs twice as much. A class absent
 * from `labels` gets weight 0 (it contributes nothing to the loss).
 *
 * @param labels Class index of each training example, in [0, nClasses).
 * @param nClasses Number of classes k.
 * @returns One weight per class.
 * @throws {RangeError} `labels` is empty or holds an index outside [0, nClasses).
 *
 * @example RAVDESS-like counts
 * ```ts
 * import { balancedClassWeights } from "./class_weights.ts";
 * import { assertEquals } from "@std/assert";
 *
 * // 1 neutral, 2 calm, 2 happy: n = 5, k = 3
 * assertEquals(balancedClassWeights([0, 1, 1, 2, 2], 3), [5 / 3, 5 / 6, 5 / 6]);
 * ```
 */
export function balancedClassWeights(labels: readonly number[], nClasses: number): number[] {
  if (labels.length === 0) {
    throw new RangeError("Cannot weigh classes as labels must not be empty: current value is []");
  }
  const counts = new Array<number>(nClasses).fill(0);
  for (const label of labels) {
    if (!(Number.isInteger(label) && label >= 0 && label < nClasses)) {
      throw new RangeError(
        `Cannot weigh classes as labels must be in [0, ${nClasses}): current value is ${label}`,
      );
    }
    counts[label]++;
  }
  // k counts only the classes present, so that the weights still average 1 per example.
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c === 0 ? 0 : labels.length / (present * c)));
}
