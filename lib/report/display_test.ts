import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { pathToFileURL } from "node:url";
import { testWith } from "../../tests/requirements.ts";
import { withBrowser } from "./_browser.ts";
import { checkPage } from "./_browser_testing.ts";
import { needsChromium } from "./_chromium_requirement.ts";
import { displayState } from "./_display_state.ts";
import { plotlyBundle } from "./_plotly_bundle.ts";
import type { Figure } from "./_types.ts";
import { display, JUPYTER_DISPLAY } from "./display.ts";

const figure: Figure = {
  data: [{ type: "bar", x: ["</script>"], y: [NaN] }],
  layout: { title: { text: "F1 by class" } },
};

function reset() {
  displayState.plotlySent = false;
  displayState.count = 0;
}

Deno.test("display() answers Deno's Jupyter display symbol with a plotly MIME bundle", () => {
  reset();
  const shown = display(figure);
  assertEquals(typeof shown[Symbol.for("Jupyter.display") as typeof JUPYTER_DISPLAY], "function");
  const bundle = shown[JUPYTER_DISPLAY]();
  assertEquals(Object.keys(bundle).sort(), [
    "application/vnd.plotly.v1+json",
    "text/html",
    "text/plain",
  ]);
  assertEquals(bundle["application/vnd.plotly.v1+json"], {
    data: [{ type: "bar", x: ["</script>"], y: [null] }],
    layout: { title: { text: "F1 by class" } },
  });
  assertEquals(bundle["text/plain"], "Figure: F1 by class");
  JSON.stringify(bundle); // the kernel sends it as JSON
});

Deno.test("display() inlines plotly.js with the first plot of the session only", () => {
  reset();
  const bundle = plotlyBundle();
  const html = [display(figure), display(figure), display(figure)].map((d) =>
    d[JUPYTER_DISPLAY]()["text/html"]
  );
  assertEquals(html.map((h) => h.split(bundle).length - 1), [1, 0, 0]);
  assert(html[0].indexOf(bundle) < html[0].indexOf('<div id="serlab-display-1"'));
  assertStringIncludes(html[1], '<div id="serlab-display-2" class="serlab-plot"></div>');
  assertStringIncludes(html[2], 'document.getElementById("serlab-display-3")');
  for (const h of html) {
    assert(!/<script[^>]*\bsrc=/.test(h), "no external script");
    assertStringIncludes(h, "\\u003c\\u002fscript\\u003e");
  }
});

Deno.test("display() includePlotly true and false override the session", () => {
  reset();
  const bundle = plotlyBundle();
  const has = (options: Parameters<typeof display>[1]) =>
    display(figure, options)[JUPYTER_DISPLAY]()["text/html"].includes(bundle);
  assertEquals(has({ includePlotly: false }), false);
  assertEquals(displayState.plotlySent, false);
  assertEquals(has({}), true);
  assertEquals(has({}), false);
  assertEquals(has({ includePlotly: true }), true);
  const html = display(figure, { divId: "mine" })[JUPYTER_DISPLAY]()["text/html"];
  assertStringIncludes(html, '<div id="mine"');
  assertStringIncludes(html, "includePlotly: true"); // what a page without plotly.js says
});

testWith(
  "display() outputs draw in a browser page: the first loads plotly.js, the next reuse it",
  needsChromium(),
  async (chromium) => {
    reset();
    const outputs = [display(figure), display(figure)].map((d) =>
      d[JUPYTER_DISPLAY]()["text/html"]
    );
    const dir = await Deno.makeTempDir();
    try {
      const path = `${dir}/notebook.html`;
      await Deno.writeTextFile(
        path,
        `<!DOCTYPE html><html><body>${outputs.join("\n")}</body></html>`,
      );
      const check = await withBrowser(
        chromium,
        "open notebook outputs",
        (browser) => checkPage(browser, pathToFileURL(path).href, "file://"),
      );
      assertEquals(check.problems, []);
      assertEquals(check.drawn, ["serlab-display-1", "serlab-display-2"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
