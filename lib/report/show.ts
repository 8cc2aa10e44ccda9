import type { Figure } from "./_types.ts";
import { display, JUPYTER_DISPLAY } from "./display.ts";

/** The part of `Deno.jupyter` that {@linkcode show} uses. */
export interface JupyterApi {
  /** Formats a value as a MIME bundle (`Deno.jupyter.format`). */
  format(value: unknown): Promise<Record<string, unknown>>;
  /** Sends a bundle as display data (`Deno.jupyter.display` with `raw: true`). */
  display(bundle: Record<string, unknown>, options: { raw: true }): Promise<void>;
}

/** Options of {@linkcode show}. */
export interface ShowOptions {
  /** Wait after sending, in ms, whatever the size. @default {100} */
  settleMs?: number;
  /** And this much more per MiB of output. @default {300} */
  settleMsPerMiB?: number;
  /** The kernel's API. @default {Deno.jupyter} (in a Deno Jupyter kernel) */
  jupyter?: JupyterApi;
}

/**
 * Shows a value in a Deno Jupyter notebook as the cell runs, and returns once
 * it has had time to reach the front end: `await show(figure)`. A plotly
 * figure (`{ data, layout }`) is shown through {@linkcode display}; any other
 * value as the kernel formats it (a value with a `Symbol.for("Jupyter.display")`
 * method, such as {@linkcode recordsTable} or {@linkcode audioPlayer}, by that
 * method).
 *
 * Why not leave the value as the cell's result: Deno 2.9's kernel publishes
 * a cell's result 5 ms before it reports the cell idle, and a large output
 * (a figure of a few hundred kB, plotly.js itself at 4.6 MB) can arrive after
 * that report. JupyterLab and VS Code still show it; a headless run
 * (`jupyter nbconvert --execute`, which stops listening at "idle") drops it.
 * `show` sends the output during the cell, then waits `settleMs` plus
 * `settleMsPerMiB` per MiB sent, which measured on a loaded 2-core machine
 * lets every output arrive first.
 *
 * @param value A figure, a displayable, or any value.
 * @param options The wait, and (for tests) the kernel's API.
 * @returns Once the output is sent and the wait is over.
 * @throws {TypeError} Outside a Deno Jupyter kernel, when no `jupyter` is given.
 *
 * @example With a recording stand-in for the kernel
 * ```ts
 * import { show } from "./show.ts";
 * import { JUPYTER_DISPLAY } from "./display.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const sent: Record<string, unknown>[] = [];
 * const jupyter = {
 *   format: async (value: unknown) =>
 *     (value as { [JUPYTER_DISPLAY](): Record<string, unknown> })[JUPYTER_DISPLAY](),
 *   display: async (bundle: Record<string, unknown>) => void sent.push(bundle),
 * };
 * const figure = { data: [{ type: "bar", x: ["a"], y: [1] }], layout: { title: { text: "F1" } } };
 * await show(figure, { jupyter, settleMs: 0, settleMsPerMiB: 0 });
 * assertEquals(sent[0]["text/plain"], "Figure: F1");
 * ```
 */
export async function show(value: unknown, options: ShowOptions = {}): Promise<void> {
  const { settleMs = 100, settleMsPerMiB = 300 } = options;
  const jupyter = options.jupyter ?? kernelApi();
  const shown = isFigure(value) ? display(value) : value;
  const bundle = await jupyter.format(shown);
  await jupyter.display(bundle, { raw: true });
  let bytes = 0;
  for (const part of Object.values(bundle)) {
    bytes += typeof part === "string" ? part.length : JSON.stringify(part)?.length ?? 0;
  }
  const wait = settleMs + (settleMsPerMiB * bytes) / 2 ** 20;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

function isFigure(value: unknown): value is Figure {
  if (typeof value !== "object" || value === null || JUPYTER_DISPLAY in value) return false;
  const { data, layout } = value as Partial<Figure>;
  return Array.isArray(data) && typeof layout === "object" && layout !== null;
}

function kernelApi(): JupyterApi {
  let jupyter: JupyterApi | undefined;
  try {
    jupyter = (Deno as unknown as { jupyter?: JupyterApi }).jupyter;
  } catch { /* outside `deno jupyter`, reading Deno.jupyter throws */ }
  if (jupyter === undefined) {
    throw new TypeError(
      "Cannot show a value as Deno.jupyter is missing: run in a Deno Jupyter kernel or pass options.jupyter",
    );
  }
  return jupyter;
}
