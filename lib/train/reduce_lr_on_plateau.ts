import { DEFAULT_CONFIG, type LrScheduleConfig } from "../config/mod.ts";
import { improves, initialMonitor, type MonitorState } from "./_monitor.ts";

/** Everything {@linkcode ReduceLrOnPlateau} keeps between epochs (saved in checkpoints). */
export interface ReduceLrState extends MonitorState {
  /** The current learning rate. */
  lr: number;
  /** Epochs left in the cooldown after a cut. */
  cooldownLeft: number;
}

/**
 * Keras' ReduceLROnPlateau on the validation loss, which tfjs lacks: after
 * `patience` epochs without a fall of more than `minDelta`, the rate is
 * multiplied by `factor`, never below `minLr`, then `cooldown` epochs pass
 * before waiting starts again.
 *
 * @example Halve after two flat epochs
 * ```ts
 * import { ReduceLrOnPlateau } from "./reduce_lr_on_plateau.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const schedule = new ReduceLrOnPlateau(1e-3, { patience: 2, factor: 0.5 });
 * const rates = [1.0, 0.9, 0.95, 0.92, 0.91].map((loss) => schedule.onEpochEnd(loss));
 * assertEquals(rates, [1e-3, 1e-3, 1e-3, 5e-4, 5e-4]);
 * ```
 */
export class ReduceLrOnPlateau {
  readonly options: LrScheduleConfig;
  state: ReduceLrState;

  /**
   * @param learningRate The rate at the start.
   * @param options Factor, patience, cooldown, floor and min delta; `enabled: false` keeps the rate.
   * @throws {RangeError} `factor` outside (0, 1), or a negative patience, cooldown or floor.
   */
  constructor(learningRate: number, options: Partial<LrScheduleConfig> = {}) {
    this.options = { ...DEFAULT_CONFIG.train.lrSchedule, ...options };
    const { factor, patience, cooldown, minLr } = this.options;
    if (!(factor > 0 && factor < 1)) {
      throw new RangeError(
        `Cannot schedule the learning rate as factor must be in (0, 1): current value is ${factor}`,
      );
    }
    for (const [name, value] of Object.entries({ patience, cooldown, minLr })) {
      if (!(value >= 0)) {
        throw new RangeError(
          `Cannot schedule the learning rate as ${name} must be >= 0: current value is ${value}`,
        );
      }
    }
    this.state = { ...initialMonitor(), lr: learningRate, cooldownLeft: 0 };
  }

  /**
   * Takes the epoch's validation loss and returns the rate for the next epoch.
   *
   * @param valLoss The validation loss of the epoch that ended.
   * @returns The learning rate to use from now on.
   */
  onEpochEnd(valLoss: number): number {
    const { enabled, factor, patience, cooldown, minLr, minDelta } = this.options;
    const s = this.state;
    if (!enabled) return s.lr;
    if (s.cooldownLeft > 0) s.cooldownLeft--;
    if (improves(valLoss, s.best, minDelta)) {
      s.best = valLoss;
      s.wait = 0;
    } else if (s.cooldownLeft === 0) {
      s.wait++;
      if (s.wait >= patience && s.lr > minLr) {
        s.lr = Math.max(s.lr * factor, minLr);
        s.cooldownLeft = cooldown;
        s.wait = 0;
      }
    }
    return s.lr;
  }
}
