import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import { testWith } from "../../tests/requirements.ts";
import { withBrowser } from "./_browser.ts";
import { checkPage } from "./_browser_testing.ts";
import { needsChromium } from "./_chromium_requirement.ts";
import { plotlyBundle } from "./_plotly_bundle.ts";
import { writeTinyRun } from "./_testing.ts";
import { writeRunReport } from "./write_run_report.ts";

Deno.test("writeRunReport() writes report.html with plotly inline and returns the figures", async () => {
  const root = await Deno.makeTempDir();
  try {
    await writeTinyRun(`${root}/cnn-1`);
    const figures = await writeRunReport(`${root}/cnn-1`);
    assertEquals(Object.keys(figures), [
      "confusion",
      "confusionCounts",
      "perClassF1",
      "genderBias",
      "perActor",
      "trainingCurves",
    ]);
    const html = await Deno.readTextFile(`${root}/cnn-1/report.html`);
    assertEquals(html.split(plotlyBundle()).length - 1, 1);
    assertStringIncludes(html, "<title>Run cnn-1</title>");
    const names = [...Deno.readDirSync(`${root}/cnn-1`)].map((e) => e.name).sort();
    assertEquals(names, ["config.json", "history.json", "metrics.json", "report.html"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("writeRunReport() with a directory writes plotly.min.js once for all runs", async () => {
  const root = await Deno.makeTempDir();
  try {
    await writeTinyRun(`${root}/a`);
    await writeTinyRun(`${root}/b`, { folds: 2 });
    for (const run of ["a", "b"]) {
      await writeRunReport(`${root}/${run}`, { plotly: { directory: ".." } });
      const html = await Deno.readTextFile(`${root}/${run}/report.html`);
      assertStringIncludes(html, '<script src="../plotly.min.js"></script>');
      assert(!html.includes("* plotly.js v"));
    }
    assertEquals(await Deno.readTextFile(`${root}/plotly.min.js`), plotlyBundle());
    assertStringIncludes(await Deno.readTextFile(`${root}/b/report.html`), "<h2>Folds</h2>");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

/** Serves `root` on 127.0.0.1 at a free port, files only. */
function serve(root: string) {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript" };
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url).pathname)));
    if (!path.startsWith(root)) return new Response("outside", { status: 403 });
    try {
      const body = await Deno.readFile(path);
      return new Response(body, { headers: { "content-type": types[extname(path)] ?? "" } });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
}

testWith(
  "writeRunReport() pages draw every plot in headless chromium, offline, without errors",
  needsChromium(),
  async (chromium, t) => {
    const root = await Deno.makeTempDir();
    const server = serve(root);
    try {
      await writeTinyRun(`${root}/runs/cnn-1`);
      await writeTinyRun(`${root}/runs/cv`, { folds: 3 });
      await writeRunReport(`${root}/runs/cnn-1`, { plotly: { directory: ".." } });
      await writeRunReport(`${root}/runs/cv`); // inline
      const origin = `http://127.0.0.1:${server.addr.port}/`;
      await withBrowser(chromium, "open reports", async (browser) => {
        await t.step("shared plotly.min.js over HTTP", async () => {
          const check = await checkPage(browser, `${origin}runs/cnn-1/report.html`, origin);
          assertEquals(check.problems, []);
          assertEquals(check.plots.length, 6);
          assertEquals(check.drawn, check.plots);
        });
        await t.step("inline plotly.js from a file URL", async () => {
          const url = pathToFileURL(`${root}/runs/cv/report.html`).href;
          const check = await checkPage(browser, url, "file://");
          assertEquals(check.problems, []);
          assertEquals(check.plots.length, 6);
          assertEquals(check.drawn, check.plots);
        });
      });
    } finally {
      await server.shutdown();
      await Deno.remove(root, { recursive: true });
    }
  },
);
