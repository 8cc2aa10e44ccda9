// @ts-types="npm:@types/cli-progress@3.11.6"
import cliProgress from "cli-progress";

/** Options of {@linkcode progressReporter}. */
export interface ProgressReporterOptions {
  /** Name at the start of each line, e.g. "features". @default {"progress"} */
  label?: string;
  /** What is counted, printed after the count and in the rate ("items/s"); "" prints none. @default {"items"} */
  unit?: string;
  /** How a count or a rate is printed, e.g. a byte formatter for downloads. @default {(n) => String(Math.round(n))} */
  format?: (value: number) => string;
  /**
   * Draw a bar redrawn in place (cli-progress); otherwise print plain lines,
   * for logs and CI.
   *
   * @default {Deno.stderr.isTerminal()}
   */
  tty?: boolean;
  /** Plain lines: print one at least this often, in ms. @default {5000} */
  intervalMs?: number;
  /** Plain lines: and one each time this fraction of the total more is done. @default {0.1} */
  step?: number;
  /** Plain lines: where they go (the bar always draws on stderr). @default {(line) => console.error(line)} */
  write?: (line: string) => void;
  /** Clock in ms, for the rate and the ETA. @default {() => performance.now()} */
  now?: () => number;
}

/** A running progress display; see {@linkcode progressReporter}. */
export interface ProgressReporter {
  /**
   * Reports how much is done.
   *
   * @param done Count done so far, ≥ 0.
   * @param total A new total, when it has changed or become known.
   */
  update(done: number, total?: number | null): void;
  /** Ends the display with a summary (plain) or the final bar (terminal); later calls do nothing. */
  stop(): void;
}

/**
 * A progress display for long jobs: on a terminal, a cli-progress bar with
 * count, percentage, rate and ETA redrawn in place on stderr; elsewhere
 * (logs, CI, pipes), one plain line every `intervalMs` or every `step` of
 * the total, whichever comes first, and a summary line at the end.
 *
 * @param total Count expected, or `null` when unknown (no percentage, no ETA).
 * @param options Label, unit, mode and, for plain lines, their schedule and sink.
 * @returns A reporter: call `update(done)` as work completes and `stop()` at the end.
 *
 * @example Plain lines every 10 %
 * ```ts
 * import { progressReporter } from "./progress.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const lines: string[] = [];
 * let clock = 0;
 * const progress = progressReporter(200, {
 *   label: "features", tty: false, write: (line) => lines.push(line), now: () => clock,
 * });
 * for (let done = 1; done <= 200; done++) {
 *   clock += 10; // 100 items/s
 *   progress.update(done);
 * }
 * progress.stop();
 * assertEquals(lines.length, 10);
 * assertEquals(lines[0], "features  10%  20/200 items  100 items/s  ETA 2 s");
 * assertEquals(lines[9], "features  100%  200/200 items in 2.0 s  100 items/s");
 * ```
 */
export function progressReporter(
  total: number | null,
  options: ProgressReporterOptions = {},
): ProgressReporter {
  const {
    label = "progress",
    unit = "items",
    format = (n: number) => String(Math.round(n)),
    tty = Deno.stderr.isTerminal(),
    intervalMs = 5000,
    step = 0.1,
    write = (line: string) => console.error(line),
    now = () => performance.now(),
  } = options;
  if (total !== null && !(total >= 0)) {
    throw new RangeError(
      `Cannot report progress as total must be >= 0 or null: current value is ${total}`,
    );
  }
  if (!(step > 0)) {
    throw new RangeError(`Cannot report progress as step must be > 0: current value is ${step}`);
  }
  const state = { total, done: 0, started: now(), stopped: false };
  const suffix = unit === "" ? "" : ` ${unit}`;
  const rate = () => {
    const seconds = (now() - state.started) / 1000;
    return seconds > 0 ? state.done / seconds : 0;
  };
  const describe = (bar: string | null): string => {
    const parts = [label];
    const known = state.total !== null && state.total > 0;
    if (bar !== null) parts.push(bar);
    if (known) parts.push(`${Math.floor((100 * state.done) / state.total!)}%`);
    parts.push(`${format(state.done)}${known ? `/${format(state.total!)}` : ""}${suffix}`);
    const perSecond = rate();
    if (perSecond > 0) {
      parts.push(`${format(perSecond)}${suffix}/s`);
      if (known) parts.push(`ETA ${duration(Math.max(0, state.total! - state.done) / perSecond)}`);
    }
    return parts.join("  ");
  };

  if (tty) {
    const bar = new cliProgress.SingleBar({
      format: (barOptions, params) => {
        state.done = params.value;
        const fraction = state.total ? Math.min(1, params.value / state.total) : 0;
        return describe(state.total ? cliProgress.Format.BarFormat(fraction, barOptions) : null);
      },
      hideCursor: true,
      barsize: 30,
      gracefulExit: true,
    });
    bar.start(total ?? 0, 0);
    return {
      update(done, newTotal) {
        if (state.stopped) return;
        if (newTotal !== undefined && newTotal !== state.total) {
          state.total = newTotal;
          bar.setTotal(newTotal ?? 0);
        }
        state.done = done;
        bar.update(done);
      },
      stop() {
        if (state.stopped) return;
        state.stopped = true;
        bar.stop();
      },
    };
  }

  let lastLine = state.started;
  let lastStep = 0;
  return {
    update(done, newTotal) {
      if (state.stopped) return;
      if (newTotal !== undefined) state.total = newTotal;
      state.done = done;
      const stepNow = state.total ? Math.floor(done / state.total / step + 1e-9) : 0;
      const due = now() - lastLine >= intervalMs;
      const crossed = stepNow > lastStep && done < (state.total ?? Infinity);
      if (due || crossed) {
        write(describe(null));
        lastLine = now();
        lastStep = stepNow;
      }
    },
    stop() {
      if (state.stopped) return;
      state.stopped = true;
      const seconds = (now() - state.started) / 1000;
      const known = state.total !== null && state.total > 0;
      const parts = [label];
      if (known) parts.push(`${Math.floor((100 * state.done) / state.total!)}%`);
      parts.push(
        `${format(state.done)}${known ? `/${format(state.total!)}` : ""}${suffix} in ${
          seconds.toFixed(1)
        } s`,
      );
      if (seconds > 0) parts.push(`${format(state.done / seconds)}${suffix}/s`);
      write(parts.join("  "));
    },
  };
}

/** "42 s", "3 min 05 s", "1 h 02 min". */
function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}
