/**
 * One progress display for a whole sweep: how many tasks are done,
 * running, failed and queued, and the time since it started. On a terminal
 * it is one line on stderr redrawn in place (event lines are printed above
 * it); elsewhere (logs, CI) the line is printed whenever a count changes.
 *
 * @module
 */

/** Where a task stands in the display. */
export type DisplayState = "queued" | "running" | "done" | "failed";

/** Options of {@linkcode SweepProgress}. */
export interface SweepProgressOptions {
  /** Redraw one line in place on stderr. @default {Deno.stderr.isTerminal()} */
  tty?: boolean;
  /** Where event lines go. @default {console.log} */
  log?: (line: string) => void;
  /** Where the status line goes when not on a terminal. @default {console.error} */
  status?: (line: string) => void;
  /** Clock in ms. @default {() => performance.now()} */
  now?: () => number;
}

/** The display; see the module doc. */
export class SweepProgress {
  #states: Map<number, DisplayState>;
  #tty: boolean;
  #log: (line: string) => void;
  #status: (line: string) => void;
  #now: () => number;
  #started: number;
  #last = "";
  #timer: ReturnType<typeof setInterval> | undefined;
  #encoder = new TextEncoder();

  /**
   * @param indices The tasks shown, all queued at first.
   * @param options Terminal or plain lines, sinks, clock.
   */
  constructor(indices: readonly number[], options: SweepProgressOptions = {}) {
    this.#states = new Map(indices.map((i) => [i, "queued"]));
    this.#tty = options.tty ?? Deno.stderr.isTerminal();
    this.#log = options.log ?? ((line) => console.log(line));
    this.#status = options.status ?? ((line) => console.error(line));
    this.#now = options.now ?? (() => performance.now());
    this.#started = this.#now();
    if (this.#tty) this.#timer = setInterval(() => this.#draw(), 1000);
  }

  /** Sets a task's state; a plain display prints the status line when a count changed. */
  set(index: number, state: DisplayState): void {
    this.#states.set(index, state);
    if (this.#tty) {
      this.#draw();
      return;
    }
    const line = this.line(false);
    if (line !== this.#last) {
      this.#last = line;
      this.#status(line);
    }
  }

  /** Prints an event line (above the status line on a terminal). */
  event(line: string): void {
    if (this.#tty) this.#clear();
    this.#log(line);
    if (this.#tty) this.#draw();
  }

  /** The status line: `sweep  2/8 done  2 running  1 failed  3 queued  1:05`. */
  line(withTime = true): string {
    const count = (state: DisplayState) =>
      [...this.#states.values()].filter((s) => s === state).length;
    const seconds = Math.round((this.#now() - this.#started) / 1000);
    const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    return `sweep  ${count("done")}/${this.#states.size} done  ${count("running")} running  ` +
      `${count("failed")} failed  ${count("queued")} queued${withTime ? `  ${clock}` : ""}`;
  }

  /** Ends the display with its last line. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#tty) {
      this.#clear();
      this.#status(this.line());
    }
  }

  #draw(): void {
    Deno.stderr.writeSync(this.#encoder.encode(`\r\x1b[2K${this.line()}`));
  }

  #clear(): void {
    Deno.stderr.writeSync(this.#encoder.encode("\r\x1b[2K"));
  }
}
