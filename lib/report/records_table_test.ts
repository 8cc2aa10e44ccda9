import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { JUPYTER_DISPLAY } from "./display.ts";
import { recordsTable } from "./records_table.ts";

Deno.test("recordsTable() shows every row under the limit, numbers right-aligned", () => {
  const table = recordsTable([
    { file: "a.wav", seconds: 3.25, gender: "male" },
    { file: "<b>.wav", seconds: NaN, gender: null },
  ]);
  const bundle = table[JUPYTER_DISPLAY]();
  assertEquals(table.rowCount, 2);
  assertEquals(bundle["text/plain"].split("\n"), [
    "file     seconds  gender",
    "a.wav       3.25  male",
    "<b>.wav      n/a",
  ]);
  assertStringIncludes(bundle["text/html"], '<th style="text-align:right">seconds</th>');
  assertStringIncludes(bundle["text/html"], "<td>&lt;b&gt;.wav</td>");
  assertEquals(bundle["text/html"].split("<tr>").length - 1, 3);
  assertEquals(bundle["text/html"].includes("<script"), false);
});

Deno.test("recordsTable() cuts long tables and counts what it left out", () => {
  const rows = Array.from({ length: 30 }, (_, i) => ({ i }));
  const bundle = recordsTable(rows, { maxRows: 5, caption: "Clips" })[JUPYTER_DISPLAY]();
  assertEquals(bundle["text/html"].split("<tr>").length - 1, 6);
  assertStringIncludes(bundle["text/html"], "<caption>Clips</caption>");
  assertStringIncludes(bundle["text/html"], "<p>… 25 more rows (30 in all)</p>");
  assertEquals(bundle["text/plain"].split("\n")[0], "Clips");
});

Deno.test("recordsTable() follows given columns and decimals", () => {
  const bundle = recordsTable([{ a: 1.23456, b: 2, c: "x" }], { columns: ["c", "a"], digits: 3 })[
    JUPYTER_DISPLAY
  ]();
  assertEquals(bundle["text/plain"].split("\n"), ["c      a", "x  1.235"]);
});

Deno.test("recordsTable() of no rows is an empty table", () => {
  const bundle = recordsTable([])[JUPYTER_DISPLAY]();
  assertEquals(bundle["text/plain"], "");
  assertStringIncludes(bundle["text/html"], "<tbody>\n</tbody>");
});

Deno.test("recordsTable() rejects bad options", () => {
  assertThrows(() => recordsTable([], { maxRows: -1 }), RangeError, "maxRows must be an integer");
  assertThrows(() => recordsTable([], { digits: 11 }), RangeError, "digits must be an integer");
});
