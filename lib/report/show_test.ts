import { assert, assertEquals, assertRejects } from "@std/assert";
import { audioPlayer } from "./audio_player.ts";
import { displayState } from "./_display_state.ts";
import { JUPYTER_DISPLAY } from "./display.ts";
import { type JupyterApi, show } from "./show.ts";

/** A stand-in for Deno.jupyter: formats as the kernel does for displayables, records what is sent. */
function kernel() {
  const sent: Record<string, unknown>[] = [];
  const jupyter: JupyterApi = {
    format: (value) => {
      const method = (value as { [JUPYTER_DISPLAY]?: () => Record<string, unknown> })[
        JUPYTER_DISPLAY
      ];
      return Promise.resolve(method ? method.call(value) : { "text/plain": String(value) });
    },
    display: (bundle, options) => {
      assertEquals(options, { raw: true });
      sent.push(bundle);
      return Promise.resolve();
    },
  };
  return { sent, jupyter };
}

Deno.test("show() sends a figure through display(): plotly JSON and offline HTML", async () => {
  displayState.plotlySent = true; // no 4.6 MB bundle in this test
  const { sent, jupyter } = kernel();
  const figure = { data: [{ type: "bar", x: ["a"], y: [1] }], layout: { title: { text: "F1" } } };
  await show(figure, { jupyter, settleMs: 0 });
  assertEquals(Object.keys(sent[0]).sort(), [
    "application/vnd.plotly.v1+json",
    "text/html",
    "text/plain",
  ]);
  assertEquals(sent[0]["application/vnd.plotly.v1+json"], figure);
});

Deno.test("show() sends other values as the kernel formats them", async () => {
  const { sent, jupyter } = kernel();
  await show(audioPlayer(new Uint8Array([1])), { jupyter, settleMs: 0, settleMsPerMiB: 0 });
  await show(42, { jupyter, settleMs: 0, settleMsPerMiB: 0 });
  await show({ data: "not a figure", layout: {} }, { jupyter, settleMs: 0, settleMsPerMiB: 0 });
  assert(String(sent[0]["text/html"]).includes("<audio controls"));
  assertEquals(sent[1], { "text/plain": "42" });
  assertEquals(sent[2], { "text/plain": "[object Object]" });
});

Deno.test("show() waits settleMs plus settleMsPerMiB per MiB sent", async () => {
  const { jupyter } = kernel();
  const big = { [JUPYTER_DISPLAY]: () => ({ "text/html": "x".repeat(2 ** 20) }) };
  const started = performance.now();
  await show(big, { jupyter, settleMs: 20, settleMsPerMiB: 100 });
  const waited = performance.now() - started;
  assert(waited >= 115, `waited ${waited} ms`);
});

Deno.test("show() outside a Jupyter kernel says what is missing", async () => {
  await assertRejects(() => show(1), TypeError, "Deno.jupyter is missing");
});
