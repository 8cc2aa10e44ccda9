/** Options of {@linkcode confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Number of classes: the matrix is `nClasses × nClasses` and every index must be in [0, nClasses). */
  nClasses: number;
}

/**
 * Counts how often each true class was predicted as each class, as
 * scikit-learn's `confusion_matrix(y_true, y_pred, labels=range(nClasses))`:
 * every class gets a row and a column, so a class that never occurs keeps
 * its row and column of zeros. Empty input gives the matrix of zeros.
 *
 * @param yTrue True class indices, integers in [0, nClasses).
 * @param yPred Predicted class indices, as long as `yTrue`.
 * @param options The number of classes.
 * @returns Counts `[nClasses][nClasses]`: `m[i][j]` is the number of items of
 *   true class `i` predicted as `j`; row sums are the class supports.
 * @throws {RangeError} `nClasses` is not a positive integer, the lengths
 *   differ, or an index is not an integer in [0, nClasses).
 *
 * @example Rows are true classes, columns predicted ones
 * ```ts
 * import { confusionMatrix } from "./confusion_matrix.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(confusionMatrix([0, 0, 1, 2], [0, 1, 1, 1], { nClasses: 3 }), [
 *   [1, 1, 0],
 *   [0, 1, 0],
 *   [0, 1, 0],
 * ]);
 * ```
 */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: ConfusionMatrixOptions,
): number[][] {
  const { nClasses } = options;
  if (!(Number.isInteger(nClasses) && nClasses > 0)) {
    throw new RangeError(
      `Cannot compute confusion matrix as nClasses must be a positive integer: current value is ${nClasses}`,
    );
  }
  if (yPred.length !== yTrue.length) {
    throw new RangeError(
      `Cannot compute confusion matrix as yPred must have the length of yTrue (${yTrue.length}): ` +
        `current value is ${yPred.length}`,
    );
  }
  const check = (name: string, i: number, value: number) => {
    if (!(Number.isInteger(value) && value >= 0 && value < nClasses)) {
      throw new RangeError(
        `Cannot compute confusion matrix as ${name}[${i}] must be an integer in [0, ${nClasses}): ` +
          `current value is ${value}`,
      );
    }
  };
  const matrix = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    check("yTrue", i, yTrue[i]);
    check("yPred", i, yPred[i]);
    matrix[yTrue[i]][yPred[i]]++;
  }
  return matrix;
}
