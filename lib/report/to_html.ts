import { escapeHtml } from "./_html.ts";
import { inlinePlotlyScript, PLOTLY_FILE_NAME } from "./_plotly_bundle.ts";
import type { Figure } from "./_types.ts";
import { figureHtml } from "./figure_html.ts";

/**
 * Where a page gets plotly.js: `"inline"` embeds the bundle (one
 * self-contained file, works offline); `{ directory }` loads
 * `plotly.min.js` from that folder, relative to the page, so that several
 * reports share one copy (write it with {@linkcode writePlotlyBundle});
 * `"none"` leaves it to the page that includes the HTML.
 */
export type PlotlyPlacement = "inline" | "none" | { directory: string };

/** Options of {@linkcode toHtml}. */
export interface ToHtmlOptions {
  /** The page title, also its first heading. @default {"serlab report"} */
  title?: string;
  /** HTML placed after the heading and before the figures (tables, notes); not escaped. @default {""} */
  headerHtml?: string;
  /** Where the page gets plotly.js. @default {"inline"} */
  plotly?: PlotlyPlacement;
  /**
   * Start of each plot's div id: `<prefix>-<key>` for a record of figures
   * (characters other than letters, digits, `_` and `-` become `-`),
   * `<prefix>-<n>` (from 1) for a list.
   *
   * @default {"serlab-plot"}
   */
  divIdPrefix?: string;
}

/** The stylesheet of every report page. */
export const REPORT_CSS: string = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
  padding: 1.5rem 2rem 3rem; max-width: 1100px; color: #1a1a1a; background: #ffffff; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 0.6rem; }
table.serlab-table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
table.serlab-table caption { caption-side: bottom; text-align: left; color: #555555;
  font-size: 0.8rem; padding-top: 0.3rem; }
table.serlab-table th, table.serlab-table td { border-bottom: 1px solid #dddddd;
  padding: 0.25rem 0.8rem; text-align: left; vertical-align: top; }
table.serlab-table th { background: #f3f5f7; }
.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.serlab-plot { margin: 1rem 0 1.5rem; }
.serlab-note { color: #555555; font-size: 0.9rem; }
code { font-size: 0.85rem; }
`.trim();

/**
 * A complete HTML page of figures, for a browser without network: a heading,
 * `headerHtml`, then each figure in order with a fixed div id, so the same
 * figures give the same page. plotly.js is inlined once, referenced as a
 * relative `<script src>`, or left out; never a CDN.
 *
 * @param figures The figures, as a list or under keys (the keys name the div ids).
 * @param options Title, header, plotly placement and div id prefix.
 * @returns The page, starting with `<!DOCTYPE html>`.
 * @throws {RangeError} A `directory` that is not a relative path.
 *
 * @example Two reports sharing one plotly.min.js one folder up
 * ```ts
 * import { toHtml } from "./to_html.ts";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const figure = { data: [{ type: "bar", x: ["a"], y: [1] }], layout: {} };
 * const html = toHtml({ accuracy: figure }, { title: "Run 1", plotly: { directory: ".." } });
 * assertStringIncludes(html, '<script src="../plotly.min.js"></script>');
 * assertStringIncludes(html, '<div id="serlab-plot-accuracy"');
 * assertEquals(html, toHtml({ accuracy: figure }, { title: "Run 1", plotly: { directory: ".." } }));
 * ```
 */
export function toHtml(
  figures: Figure[] | Record<string, Figure>,
  options: ToHtmlOptions = {},
): string {
  const {
    title = "serlab report",
    headerHtml = "",
    plotly = "inline",
    divIdPrefix = "serlab-plot",
  } = options;
  const entries: [string, Figure][] = Array.isArray(figures)
    ? figures.map((figure, i) => [String(i + 1), figure])
    : Object.entries(figures);
  const used = new Set<string>();
  const plots = entries.map(([key, figure]) => {
    const base = `${divIdPrefix}-${key.replace(/[^\w-]/g, "-")}`;
    let divId = base;
    for (let n = 2; used.has(divId); n++) divId = `${base}-${n}`;
    used.add(divId);
    return figureHtml(figure, { divId });
  });
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${REPORT_CSS}\n</style>`,
    plotlyScript(plotly),
    "</head>",
    "<body>",
    `<h1>${escapeHtml(title)}</h1>`,
    headerHtml,
    ...plots,
    "</body>",
    "</html>",
    "",
  ].filter((line, i, all) => line !== "" || i === all.length - 1).join("\n");
}

function plotlyScript(plotly: PlotlyPlacement): string {
  if (plotly === "inline") return inlinePlotlyScript();
  if (plotly === "none") return "";
  const directory = plotly.directory.replaceAll("\\", "/");
  if (directory.startsWith("/") || /^[A-Za-z][\w+.-]*:/.test(directory)) {
    throw new RangeError(
      `Cannot place plotly.js as directory must be a path relative to the page: current value is ${
        JSON.stringify(plotly.directory)
      }`,
    );
  }
  const folder = directory.replace(/\/+$/, "");
  const src = folder === "" || folder === "." ? PLOTLY_FILE_NAME : `${folder}/${PLOTLY_FILE_NAME}`;
  return `<script src="${escapeHtml(src)}"></script>`;
}
