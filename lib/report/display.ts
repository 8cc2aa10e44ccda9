import { displayState } from "./_display_state.ts";
import { jsonForHtml, plainJson } from "./_json.ts";
import { inlinePlotlyScript } from "./_plotly_bundle.ts";
import type { Figure } from "./_types.ts";

/** The key Deno's Jupyter kernel looks for on a cell's value: `Symbol.for("Jupyter.display")`. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for(
  "Jupyter.display",
) as typeof JUPYTER_DISPLAY;

/** The MIME bundle of a plot, one representation per type; the notebook picks the richest it renders. */
export interface PlotMimeBundle {
  /** The figure for plotly's own renderer (JupyterLab with jupyterlab-plotly, VS Code). */
  "application/vnd.plotly.v1+json": Figure;
  /** A `<div>` and scripts that draw the plot with no network (and no renderer extension). */
  "text/html": string;
  /** The title, for text-only front ends. */
  "text/plain": string;
}

/** A value Deno's Jupyter kernel shows as a plot. */
export interface JupyterDisplayable {
  /** Builds the MIME bundle; the kernel calls it once per display. */
  [JUPYTER_DISPLAY](): PlotMimeBundle;
}

/** Options of {@linkcode display}. */
export interface DisplayOptions {
  /**
   * Put the plotly.js bundle in this plot's HTML: `"once"` does so the first
   * time a plot is shown in the kernel session and not after (the page keeps
   * `window.Plotly`); `true` always (e.g. after reloading the notebook page);
   * `false` never.
   *
   * @default {"once"}
   */
  includePlotly?: boolean | "once";
  /** The plot's div id. @default {`serlab-display-${n}`, n counting plots in the session} */
  divId?: string;
}

/**
 * Shows a figure in a Deno Jupyter notebook: make it the value of a cell, or
 * pass it to `Deno.jupyter.display`. The kernel calls its
 * `[Symbol.for("Jupyter.display")]()` method, which returns plotly's MIME type
 * (the figure JSON) and an offline HTML fallback: the first plot of the
 * session carries the plotly.js bundle inline, later ones draw with the page's
 * `window.Plotly` (or say how to reload it when it is missing).
 *
 * @param figure The figure.
 * @param options Whether to include plotly.js, and the div id.
 * @returns A displayable object; the bundle is built when the kernel asks for it.
 *
 * @example The bundle goes with the first plot only
 * ```ts
 * import { display, JUPYTER_DISPLAY } from "./display.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const figure = { data: [{ type: "bar", x: ["a"], y: [1] }], layout: { title: { text: "F1" } } };
 * const first = display(figure)[JUPYTER_DISPLAY]();
 * const second = display(figure)[JUPYTER_DISPLAY]();
 * assertEquals(first["application/vnd.plotly.v1+json"], figure);
 * assert(first["text/html"].length > 1_000_000); // plotly.js inline
 * assert(second["text/html"].length < 1_000);
 * ```
 */
export function display(figure: Figure, options: DisplayOptions = {}): JupyterDisplayable {
  const { includePlotly = "once" } = options;
  return {
    [JUPYTER_DISPLAY](): PlotMimeBundle {
      const divId = options.divId ?? `serlab-display-${++displayState.count}`;
      const withBundle = includePlotly === "once" ? !displayState.plotlySent : includePlotly;
      if (withBundle) displayState.plotlySent = true;
      const id = JSON.stringify(divId).replace(/[<>/]/g, "");
      const html = [
        withBundle ? inlinePlotlyScript() : "",
        `<div id=${id} class="serlab-plot"></div>`,
        `<script type="text/javascript">`,
        `(function () {`,
        `  var div = document.getElementById(${id});`,
        `  if (!window.Plotly) {`,
        `    div.textContent = "plotly.js is not loaded in this page: show the plot with display(figure, { includePlotly: true })";`,
        `    return;`,
        `  }`,
        `  window.Plotly.newPlot(div, ${jsonForHtml(figure.data)}, ${jsonForHtml(figure.layout)}, ${
          jsonForHtml({ responsive: true, displaylogo: false })
        });`,
        `})();`,
        `</script>`,
      ].filter((line) => line !== "").join("\n");
      return {
        "application/vnd.plotly.v1+json": plainJson(figure) as Figure,
        "text/html": html,
        "text/plain": `Figure: ${figure.layout.title?.text ?? "(untitled)"}`,
      };
    },
  };
}
