import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { figureHtml } from "./figure_html.ts";
import type { Figure } from "./_types.ts";

const figure: Figure = {
  data: [{ type: "bar", name: "</script><script>alert(1)</script>", x: ["a"], y: [Infinity] }],
  layout: { title: { text: "<b>F1</b>" } },
};

Deno.test("figureHtml() places a div with the given id and a newPlot call on it", () => {
  const html = figureHtml(figure, { divId: "p-1" });
  assertStringIncludes(html, '<div id="p-1" class="serlab-plot"></div>');
  assertStringIncludes(html, 'Plotly.newPlot("p-1", [');
  assertStringIncludes(html, '{"responsive":true,"displaylogo":false});');
  assertEquals(html, figureHtml(figure, { divId: "p-1" }));
});

Deno.test("figureHtml() escapes </script> and writes Infinity as null in the embedded JSON", () => {
  const html = figureHtml(figure);
  assertEquals(html.match(/<\/script>/g)?.length, 1);
  assertEquals(html.match(/<script/g)?.length, 1);
  assertStringIncludes(html, '"name":"\\u003c\\u002fscript\\u003e\\u003cscript\\u003ealert(1)');
  assertStringIncludes(html, '"y":[null]');
  const json = html.slice(html.indexOf("newPlot(") + 8, html.lastIndexOf(");"));
  const [divId, data] = JSON.parse(`[${json}]`);
  assertEquals(divId, "serlab-plot");
  assertEquals(data[0].name, "</script><script>alert(1)</script>");
});

Deno.test("figureHtml() rejects a div id that is not a plain HTML id", () => {
  for (const divId of ["", "1abc", 'a"b', "a b", "a<b"]) {
    assertThrows(() => figureHtml(figure, { divId }), RangeError, "Cannot place figure as divId");
  }
});
