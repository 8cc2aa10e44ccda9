import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { plotlyBundle } from "./_plotly_bundle.ts";
import { toHtml } from "./to_html.ts";
import type { Figure } from "./_types.ts";

const bar: Figure = { data: [{ type: "bar", x: ["a", "b"], y: [1, NaN] }], layout: {} };
const figures = { accuracy: bar, "per class": bar };
const count = (text: string, part: string) => text.split(part).length - 1;
/** The page without the inlined bundle, for checks that the bundle's own text would confuse. */
const outsideBundle = (html: string) => html.replace(plotlyBundle(), "");

Deno.test("toHtml() inline holds plotly.js exactly once, before the plots", () => {
  const html = toHtml(figures, { title: "Run" });
  const bundle = plotlyBundle();
  assertStringIncludes(bundle, "plotly.js v4.1.1");
  assertEquals(count(html, bundle), 1);
  assertEquals(count(html, "* plotly.js v"), 1);
  assert(html.indexOf(bundle) < html.indexOf('id="serlab-plot-accuracy"'));
  assertEquals(count(html, "<script src="), 0);
  assert(html.startsWith("<!DOCTYPE html>\n"));
  assert(html.endsWith("</html>\n"));
});

Deno.test("toHtml() directory references plotly.min.js relative to the page", () => {
  const cases: [string, string][] = [
    [".", "plotly.min.js"],
    ["", "plotly.min.js"],
    ["..", "../plotly.min.js"],
    ["assets/", "assets/plotly.min.js"],
    ["..\\shared", "../shared/plotly.min.js"],
  ];
  for (const [directory, src] of cases) {
    const html = toHtml(figures, { plotly: { directory } });
    assertEquals(count(html, "<script src="), 1, directory);
    assertStringIncludes(html, `<script src="${src}"></script>`);
    assert(!html.includes("plotly.js v4"), "the bundle is not inlined");
  }
  for (const directory of ["/srv/reports", "https://cdn.plot.ly", "C:/plotly"]) {
    assertThrows(
      () => toHtml(figures, { plotly: { directory } }),
      RangeError,
      "directory must be a path relative to the page",
    );
  }
});

Deno.test("toHtml() none has no plotly.js at all", () => {
  const html = toHtml(figures, { plotly: "none" });
  assertEquals(count(html, "<script src="), 0);
  assert(!html.includes("plotly.js v4"));
  assertEquals(count(html, "Plotly.newPlot("), 2);
});

Deno.test("toHtml() never points at a CDN or any URL outside the bundle", () => {
  for (const plotly of ["inline", "none", { directory: ".." }] as const) {
    const page = outsideBundle(toHtml(figures, { plotly }));
    assert(!/https?:|\/\/cdn|cdn\.plot\.ly/.test(page), JSON.stringify(plotly));
  }
});

Deno.test("toHtml() gives fixed div ids from keys or positions", () => {
  const keyed = toHtml(figures, { plotly: "none", divIdPrefix: "run1" });
  assertStringIncludes(keyed, '<div id="run1-accuracy"');
  assertStringIncludes(keyed, '<div id="run1-per-class"');
  const listed = toHtml([bar, bar], { plotly: "none" });
  assertStringIncludes(listed, '<div id="serlab-plot-1"');
  assertStringIncludes(listed, '<div id="serlab-plot-2"');
  const clash = toHtml({ "a b": bar, "a-b": bar }, { plotly: "none" });
  assertStringIncludes(clash, '<div id="serlab-plot-a-b"');
  assertStringIncludes(clash, '<div id="serlab-plot-a-b-2"');
  assertEquals(toHtml(figures), toHtml(figures));
});

Deno.test("toHtml() escapes the title and places the header before the plots", () => {
  const html = toHtml([bar], {
    title: "a </title> & b",
    headerHtml: "<p>HEADER</p>",
    plotly: "none",
  });
  assertStringIncludes(html, "<title>a &lt;/title&gt; &amp; b</title>");
  assertStringIncludes(html, "<h1>a &lt;/title&gt; &amp; b</h1>");
  assert(html.indexOf("<p>HEADER</p>") < html.indexOf('<div id="serlab-plot-1"'));
});

Deno.test("toHtml() escapes </script> in embedded figure data", () => {
  const evil: Figure = {
    data: [{ type: "bar", x: ["</script><script>alert(1)</script>"], y: [1] }],
    layout: { title: { text: "</SCRIPT>" } },
  };
  const page = outsideBundle(toHtml([evil], { plotly: "inline" }));
  // The bundle's own script element and the plot's.
  assertEquals(page.match(/<\/script>/gi)?.length, 2);
  assertStringIncludes(page, "\\u003c\\u002fscript\\u003e\\u003cscript\\u003ealert(1)");
});
