import { jsonForHtml } from "./_json.ts";
import type { Figure } from "./_types.ts";

/** Options of {@linkcode figureHtml}. */
export interface FigureHtmlOptions {
  /** The id of the plot's `<div>`: a letter, then letters, digits, `_` or `-`. @default {"serlab-plot"} */
  divId?: string;
  /** The plotly.js config of the plot. @default {{ responsive: true, displaylogo: false }} */
  config?: Record<string, unknown>;
}

const DIV_ID = /^[A-Za-z][\w-]*$/;

/**
 * One figure as an HTML fragment: a `<div>` with a fixed id and a `<script>`
 * calling `Plotly.newPlot` on it. The figure's JSON is safe inside the script
 * (`<`, `>`, `/` escaped, NaN and Infinity as `null`). The page must load
 * plotly.js before the fragment; {@linkcode toHtml} does.
 *
 * @param figure A figure from one of the builders, or any plotly `{data, layout}`.
 * @param options The div id and the plotly config.
 * @returns The `<div>` and `<script>` elements, the same for the same input.
 * @throws {RangeError} A div id that is not a plain HTML id.
 *
 * @example A figure whose text holds `</script>`
 * ```ts
 * import { figureHtml } from "./figure_html.ts";
 * import { assert, assertStringIncludes } from "@std/assert";
 *
 * const html = figureHtml(
 *   { data: [{ type: "bar", x: ["</script>"], y: [NaN] }], layout: {} },
 *   { divId: "plot-1" },
 * );
 * assertStringIncludes(html, '<div id="plot-1"');
 * assertStringIncludes(html, '"x":["\\u003c\\u002fscript\\u003e"],"y":[null]');
 * assert(!html.slice(0, html.lastIndexOf("</script>")).includes("</script>"));
 * ```
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  const { divId = "serlab-plot", config = { responsive: true, displaylogo: false } } = options;
  if (!DIV_ID.test(divId)) {
    throw new RangeError(
      `Cannot place figure as divId must start with a letter and hold only letters, digits, "_" or "-": current value is ${
        JSON.stringify(divId)
      }`,
    );
  }
  return [
    `<div id="${divId}" class="serlab-plot"></div>`,
    `<script type="text/javascript">`,
    `Plotly.newPlot("${divId}", ${jsonForHtml(figure.data)}, ${jsonForHtml(figure.layout)}, ${
      jsonForHtml(config)
    });`,
    `</script>`,
  ].join("\n");
}
