import { join } from "node:path";
import { withBrowser } from "./_browser.ts";
import { plainJson } from "./_json.ts";
import { inlinePlotlyScript, loadPlotlyBundle } from "./_plotly_bundle.ts";
import type { Figure } from "./_types.ts";

/** Options of {@linkcode exportPng}. */
export interface ExportPngOptions {
  /** Width of each image in CSS pixels, an integer > 0. @default {900} */
  width?: number;
  /** Height of each image in CSS pixels, an integer > 0. @default {600} */
  height?: number;
  /** Pixels per CSS pixel: the file is `width·scale × height·scale`. @default {1} */
  scale?: number;
  /** The Chromium executable. @default {findChromium()} */
  executablePath?: string;
}

/**
 * Renders figures to PNG files with a headless Chromium, as Kaleido does:
 * one browser and one local page holding the pinned plotly.js (no network),
 * `Plotly.toImage` on each figure, the base64 result decoded to
 * `outDir/<key>.png`. The browser is closed whatever happens.
 *
 * @param figures The figures by key; a key becomes the file name (other than letters, digits, `_`, `.`, `-` become `-`).
 * @param outDir The folder of the files, created when missing.
 * @param options Size, scale and browser.
 * @returns The paths written, in the order of `figures`.
 * @throws {Deno.errors.NotFound} No Chromium (`apt-get install chromium`, or set `SERLAB_CHROMIUM`).
 * @throws {RangeError} A size that is not an integer > 0, or a scale that is not > 0.
 *
 * @example Without a browser, one clear error
 * ```ts
 * import { exportPng } from "./export_png.ts";
 * import { assertRejects } from "@std/assert";
 *
 * Deno.env.set("SERLAB_CHROMIUM", "/nonexistent/chromium");
 * const figure = { data: [{ type: "bar", x: ["a"], y: [1] }], layout: {} };
 * await assertRejects(
 *   () => exportPng({ figure }, "/tmp/never-written"),
 *   Deno.errors.NotFound,
 *   "apt-get install chromium",
 * );
 * Deno.env.delete("SERLAB_CHROMIUM");
 * ```
 */
export async function exportPng(
  figures: Record<string, Figure>,
  outDir: string,
  options: ExportPngOptions = {},
): Promise<string[]> {
  const { width = 900, height = 600, scale = 1, executablePath = null } = options;
  for (const [name, value] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new RangeError(
        `Cannot export PNG as ${name} must be an integer > 0: current value is ${value}`,
      );
    }
  }
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`Cannot export PNG as scale must be > 0: current value is ${scale}`);
  }
  const used = new Set<string>();
  const files = Object.keys(figures).map((key) => {
    const base = key.replace(/[^\w.-]/g, "-");
    let file = `${base}.png`;
    for (let n = 2; used.has(file); n++) file = `${base}-${n}.png`;
    used.add(file);
    return join(outDir, file);
  });
  return await withBrowser(executablePath, "export PNG", async (browser) => {
    const bundle = await loadPlotlyBundle();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.setContent(
      `<!DOCTYPE html><html><head><meta charset="utf-8">${
        inlinePlotlyScript(bundle)
      }</head><body></body></html>`,
      { waitUntil: "load" },
    );
    const loaded = await page.evaluate(() => "Plotly" in globalThis);
    if (!loaded) {
      throw new Error(
        `Cannot export PNG as plotly.js did not load in the page: ${errors.join("; ")}`,
      );
    }
    await Deno.mkdir(outDir, { recursive: true });
    const entries = Object.values(figures);
    for (let i = 0; i < entries.length; i++) {
      const url = await page.evaluate(
        (figure, opts) => {
          const plotly = (globalThis as unknown as {
            Plotly: { toImage(figure: unknown, options: unknown): Promise<string> };
          }).Plotly;
          return plotly.toImage(figure, { format: "png", ...opts });
        },
        plainJson(entries[i]),
        { width, height, scale },
      );
      const base64 = url.slice(url.indexOf(",") + 1);
      await Deno.writeFile(files[i], Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    }
    return files;
  });
}
