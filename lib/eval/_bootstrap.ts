/** The settings of the seeded percentile bootstraps of `lib/eval`, checked in one place. */
import { quantileSorted } from "./_scores.ts";
import type { BootstrapSettings, Interval } from "./types.ts";

/** The bootstrap `evaluatePredictions` and `pairedDifferences` draw unless told otherwise. */
export const DEFAULT_BOOTSTRAP: Readonly<BootstrapSettings> = Object.freeze({
  resamples: 1000,
  confidence: 0.95,
  seed: 42,
});

/**
 * `partial` merged over {@linkcode DEFAULT_BOOTSTRAP}, checked.
 *
 * @param partial The settings given.
 * @param cannot The start of the error message, e.g. "Cannot evaluate predictions".
 * @throws {RangeError} resamples not a positive integer, confidence outside
 *   (0, 1), or a seed that is not finite.
 */
export function bootstrapSettings(
  partial: Partial<BootstrapSettings>,
  cannot: string,
): BootstrapSettings {
  const settings = { ...DEFAULT_BOOTSTRAP, ...partial };
  const { resamples, confidence, seed } = settings;
  const prefix = `${cannot} as bootstrap`;
  if (!(Number.isInteger(resamples) && resamples > 0)) {
    throw new RangeError(
      `${prefix}.resamples must be a positive integer: current value is ${resamples}`,
    );
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${prefix}.confidence must be in (0, 1): current value is ${confidence}`);
  }
  if (!Number.isFinite(seed)) {
    throw new RangeError(`${prefix}.seed must be a finite number: current value is ${seed}`);
  }
  return settings;
}

/**
 * The central `confidence` interval of bootstrap values: their
 * (1 − confidence)/2 and (1 + confidence)/2 quantiles with NumPy's linear
 * interpolation, `NaN` values (resamples where the statistic is undefined)
 * left out. Sorts `values` in place.
 */
export function percentileInterval(values: Float64Array, confidence: number): Interval {
  const alpha = (1 - confidence) / 2;
  values.sort(); // typed arrays sort numerically, NaN last
  let length = values.length;
  while (length > 0 && Number.isNaN(values[length - 1])) length--;
  return {
    low: quantileSorted(values, length, alpha),
    high: quantileSorted(values, length, 1 - alpha),
  };
}
