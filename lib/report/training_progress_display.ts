import { escapeHtml, htmlTable } from "./_html.ts";
import type { EpochLog } from "./_types.ts";

/** Where training is within an epoch, as `trainModel`'s `onStep` reports it. */
export interface TrainingStep {
  /** 1-based epoch. */
  epoch: number;
  /** Most epochs the run can take. */
  epochs: number;
  /** Steps done in this epoch. */
  step: number;
  /** Steps in an epoch. */
  steps: number;
  /** Mean training loss of the epoch so far. */
  loss: number;
  /** Mean training accuracy of the epoch so far, a fraction. */
  accuracy: number;
}

/** How a display is sent: `Deno.jupyter.display`'s signature, narrowed to what is used. */
export type DisplayFunction = (
  bundle: Record<string, string>,
  options: { raw: true; display_id: string; update: boolean },
) => Promise<void> | void;

/** Options of {@linkcode trainingProgressDisplay}. */
export interface TrainingProgressDisplayOptions {
  /** The heading of the display. @default {"Training"} */
  title?: string;
  /** The Jupyter display id, so every update replaces the same output. @default {`serlab-training-${Date.now()}`} */
  displayId?: string;
  /** Step updates are sent at most this often, in ms; epoch ends and `stop()` always are. @default {1000} */
  intervalMs?: number;
  /** Sends a display. @default {Deno.jupyter.display (in a Deno Jupyter kernel)} */
  display?: DisplayFunction;
  /** Clock in ms. @default {() => performance.now()} */
  now?: () => number;
  /** `stop()` waits this long after the last update is sent, so that it reaches a headless runner before the cell ends (see `show()`). @default {100} */
  settleMs?: number;
}

/** A live progress display; pass its methods to `trainModel`. */
export interface TrainingProgressDisplay {
  /** `trainModel`'s `onStep`: updates the bar, at most every `intervalMs`. */
  onStep(progress: TrainingStep): void;
  /** `trainModel`'s `onEpoch`: adds the epoch's row to the table. */
  onEpoch(log: EpochLog): void;
  /** Shows the final state with a closing note (e.g. the best epoch); resolves once it is sent. */
  stop(note?: string): Promise<void>;
  /** The HTML last sent. */
  readonly html: string;
}

/**
 * A live training display for Deno Jupyter notebooks: one output, updated in
 * place through its display id, holding a progress bar for the epoch (step,
 * running loss and accuracy, steps per second) and a table of the finished
 * epochs (loss, accuracy, validation loss and accuracy, learning rate,
 * seconds; the best validation loss in bold). Plain HTML with no script, so
 * it renders in JupyterLab, VS Code and exported HTML.
 *
 * Updates are sent without awaiting, in order; a failed send is reported
 * once by `stop()`, never thrown into the training loop.
 *
 * @param options Title, display id, update interval, and (for tests) the display function and clock.
 * @returns The callbacks for `trainModel` and `stop()`.
 * @throws {TypeError} No `display` given outside a Deno Jupyter kernel.
 *
 * @example Driven by hand, with a recording display
 * ```ts
 * import { trainingProgressDisplay } from "./training_progress_display.ts";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const sent: { html: string; update: boolean }[] = [];
 * const progress = trainingProgressDisplay({
 *   displayId: "t1",
 *   display: (bundle, options) => { sent.push({ html: bundle["text/html"], update: options.update }); },
 * });
 * progress.onStep({ epoch: 1, epochs: 2, step: 1, steps: 10, loss: 2.1, accuracy: 0.1 });
 * progress.onEpoch({ epoch: 1, loss: 2, accuracy: 0.2, valLoss: 1.9, valAccuracy: 0.25, lr: 1e-3, seconds: 4 });
 * await progress.stop("best epoch 1");
 * assertEquals(sent.map((s) => s.update), [false, true, true]);
 * assertStringIncludes(sent[2].html, "best epoch 1");
 * ```
 */
export function trainingProgressDisplay(
  options: TrainingProgressDisplayOptions = {},
): TrainingProgressDisplay {
  const {
    title = "Training",
    displayId = `serlab-training-${Date.now()}`,
    intervalMs = 1000,
    now = () => performance.now(),
    settleMs = 100,
  } = options;
  const display = options.display ?? jupyterDisplay();
  const history: EpochLog[] = [];
  let step: TrainingStep | null = null;
  let stepsSeen = 0, firstStepAt = 0, lastSent = -Infinity, sentOnce = false;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  let html = "";

  const send = (note?: string) => {
    html = render(title, step, history, rate(), note);
    const update = sentOnce;
    sentOnce = true;
    lastSent = now();
    const bundle = { "text/html": html, "text/plain": plain(title, step, history, note) };
    chain = chain
      .then(() => display(bundle, { raw: true, display_id: displayId, update }))
      .catch((error) => {
        failure ??= error;
      });
  };
  const rate = () => {
    const seconds = (now() - firstStepAt) / 1000;
    return stepsSeen > 1 && seconds > 0 ? (stepsSeen - 1) / seconds : null;
  };

  return {
    onStep(progress) {
      if (stepsSeen++ === 0) firstStepAt = now();
      step = progress;
      if (!sentOnce || now() - lastSent >= intervalMs) send();
    },
    onEpoch(log) {
      history.push(log);
      send();
    },
    async stop(note) {
      send(note);
      await chain;
      if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
      if (failure !== null) {
        throw new Error(`Cannot show training progress as a display update failed: ${failure}`);
      }
    },
    get html() {
      return html;
    },
  };
}

function jupyterDisplay(): DisplayFunction {
  let jupyter: { display: DisplayFunction } | undefined;
  try {
    jupyter = (Deno as unknown as { jupyter?: { display: DisplayFunction } }).jupyter;
  } catch { /* outside `deno jupyter`, reading Deno.jupyter throws */ }
  if (jupyter === undefined) {
    throw new TypeError(
      "Cannot show training progress as Deno.jupyter is missing: run in a Deno Jupyter kernel or pass options.display",
    );
  }
  return (bundle, options) => jupyter.display(bundle, options);
}

function render(
  title: string,
  step: TrainingStep | null,
  history: EpochLog[],
  stepsPerSecond: number | null,
  note?: string,
): string {
  const parts = [`<div class="serlab-training"><b>${escapeHtml(title)}</b>`];
  if (step !== null) {
    const speed = stepsPerSecond === null ? "" : `, ${stepsPerSecond.toFixed(2)} steps/s`;
    parts.push(
      `<div>epoch ${step.epoch}/${step.epochs} <progress value="${step.step}" max="${step.steps}"` +
        ` style="width:240px;vertical-align:middle"></progress> step ${step.step}/${step.steps}` +
        ` · loss ${step.loss.toFixed(4)} · accuracy ${
          (100 * step.accuracy).toFixed(1)
        }%${speed}</div>`,
    );
  }
  if (history.length > 0) {
    const best = history.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
    const cell = (log: EpochLog, text: string) => log === best ? `<b>${text}</b>` : text;
    parts.push(htmlTable(
      ["epoch", "loss", "accuracy", "val loss", "val accuracy", "lr", "s"],
      history.map((log) =>
        [
          String(log.epoch),
          log.loss.toFixed(4),
          `${(100 * log.accuracy).toFixed(1)}%`,
          log.valLoss.toFixed(4),
          `${(100 * log.valAccuracy).toFixed(1)}%`,
          log.lr.toExponential(1),
          log.seconds.toFixed(1),
        ].map((text) => cell(log, text))
      ),
    ));
  }
  if (note !== undefined) parts.push(`<div>${escapeHtml(note)}</div>`);
  parts.push("</div>");
  return parts.join("\n");
}

function plain(
  title: string,
  step: TrainingStep | null,
  history: EpochLog[],
  note?: string,
): string {
  const last = history.at(-1);
  return [
    title,
    step ? `epoch ${step.epoch}/${step.epochs} step ${step.step}/${step.steps}` : "",
    last
      ? `last epoch ${last.epoch}: loss ${last.loss.toFixed(4)}, val_loss ${
        last.valLoss.toFixed(4)
      }, val_acc ${(100 * last.valAccuracy).toFixed(1)}%`
      : "",
    note ?? "",
  ].filter((line) => line !== "").join("\n");
}
