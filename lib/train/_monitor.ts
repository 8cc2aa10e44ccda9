/**
 * What ReduceLROnPlateau and EarlyStopping share (Keras' `MonitorCallback`):
 * whether a new value of the monitored quantity improves on the best so far.
 * serlab monitors the validation loss, so the mode is always "min".
 *
 * @module
 */

/** The best value seen and how many epochs have passed without beating it. */
export interface MonitorState {
  /** Best validation loss so far; `Infinity` before the first epoch. */
  best: number;
  /** Epochs since the last improvement. */
  wait: number;
}

/** A fresh state. */
export function initialMonitor(): MonitorState {
  return { best: Infinity, wait: 0 };
}

/**
 * True when `value` is lower than `best − minDelta` (Keras' `min` mode with
 * an absolute `min_delta`). NaN never improves.
 */
export function improves(value: number, best: number, minDelta: number): boolean {
  return value < best - minDelta;
}
