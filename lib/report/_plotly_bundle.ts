/**
 * Where plotly.js comes from: the `plotly.min.js` of the npm package
 * `plotly.js-dist-min` (version pinned in deno.json), read from Deno's npm
 * cache (or a `node_modules` folder) once and kept. Never a CDN.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** The file name of the bundle, beside the reports in "directory" mode. */
export const PLOTLY_FILE_NAME = "plotly.min.js";

const SPECIFIER = "plotly.js-dist-min/plotly.min.js";

let cached: string | undefined;

/**
 * The bundle's path on disk. `import.meta.resolve` maps the bare specifier
 * through deno.json to the file in Deno's npm cache; the package is there
 * because {@linkcode loadPlotlyBundle} names it, which puts it in the module
 * graph that `deno run`/`deno test`/`deno install` fetch.
 */
export function plotlyBundlePath(): string {
  const url = import.meta.resolve(SPECIFIER);
  if (!url.startsWith("file:")) {
    throw new Deno.errors.NotFound(
      `Cannot find plotly.js as the npm package plotly.js-dist-min is not downloaded: run \`deno install\` (resolved to ${url})`,
    );
  }
  return fileURLToPath(url);
}

/** The text of `plotly.min.js`, read once. */
export function plotlyBundle(): string {
  cached ??= Deno.readTextFileSync(plotlyBundlePath());
  return cached;
}

/**
 * The text of `plotly.min.js` through a text import, which downloads the
 * package when it is missing; it also keeps the package in the module graph.
 */
export async function loadPlotlyBundle(): Promise<string> {
  if (cached !== undefined) return cached;
  const module = await import("plotly.js-dist-min/plotly.min.js", { with: { type: "text" } });
  cached = module.default as string;
  return cached;
}

/** The bundle as an inline `<script>` element, with any `</script` in it broken up. */
export function inlinePlotlyScript(bundle: string = plotlyBundle()): string {
  return `<script type="text/javascript">${bundle.replace(/<\/script/gi, "<\\/script")}</script>`;
}
