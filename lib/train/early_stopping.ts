import { DEFAULT_CONFIG, type EarlyStoppingConfig } from "../config/mod.ts";
import { improves, initialMonitor, type MonitorState } from "./_monitor.ts";

/** Everything {@linkcode EarlyStopping} keeps between epochs (saved in checkpoints). */
export interface EarlyStoppingState extends MonitorState {
  /** The 1-based epoch of `best`; 0 before the first. */
  bestEpoch: number;
}

/** What {@linkcode EarlyStopping.onEpochEnd} decided. */
export interface EarlyStoppingDecision {
  /** This epoch is the best so far: keep its weights. */
  isBest: boolean;
  /** Stop training now. */
  stop: boolean;
}

/**
 * Keras' EarlyStopping on the validation loss, always with
 * `restore_best_weights` (tfjs's own refuses it): the caller keeps the
 * weights of every epoch marked `isBest` and restores them when training
 * ends, whatever ended it. Disabled, it never stops but still marks the best.
 *
 * @example Stop after three epochs without a new best
 * ```ts
 * import { EarlyStopping } from "./early_stopping.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const stopping = new EarlyStopping({ patience: 3 });
 * const stops = [1.0, 0.8, 0.9, 0.85, 0.81].map((loss) => stopping.onEpochEnd(loss).stop);
 * assertEquals(stops, [false, false, false, false, true]);
 * assertEquals(stopping.state.bestEpoch, 2);
 * ```
 */
export class EarlyStopping {
  readonly options: EarlyStoppingConfig;
  state: EarlyStoppingState;

  /**
   * @param options Patience and min delta; `enabled: false` never stops.
   * @throws {RangeError} A patience that is not an integer >= 1.
   */
  constructor(options: Partial<EarlyStoppingConfig> = {}) {
    this.options = { ...DEFAULT_CONFIG.train.earlyStopping, ...options };
    const { patience } = this.options;
    if (!(Number.isInteger(patience) && patience >= 1)) {
      throw new RangeError(
        `Cannot stop early as patience must be an integer >= 1: current value is ${patience}`,
      );
    }
    this.state = { ...initialMonitor(), bestEpoch: 0 };
  }

  /**
   * Takes the epoch's validation loss.
   *
   * @param valLoss The validation loss of the epoch that ended.
   * @returns Whether it is the best epoch, and whether to stop.
   */
  onEpochEnd(valLoss: number): EarlyStoppingDecision {
    const s = this.state;
    const epoch = ++this.#epochs;
    if (improves(valLoss, s.best, this.options.minDelta)) {
      s.best = valLoss;
      s.bestEpoch = epoch;
      s.wait = 0;
      return { isBest: true, stop: false };
    }
    s.wait++;
    return { isBest: false, stop: this.options.enabled && s.wait >= this.options.patience };
  }

  /** Epochs seen: restored with the state, see {@linkcode EarlyStopping.restore}. */
  #epochs = 0;

  /**
   * Restores a saved state after `epochs` epochs.
   *
   * @param state A state saved from `state`.
   * @param epochs Epochs already run.
   */
  restore(state: EarlyStoppingState, epochs: number): void {
    this.state = { ...state };
    this.#epochs = epochs;
  }
}
