import { assertEquals, assertThrows } from "@std/assert";
import { logMelFigure } from "./log_mel_figure.ts";

const mel = (fill: (i: number) => number, nMels = 3, nFrames = 4) => ({
  data: Float32Array.from({ length: nMels * nFrames }, (_, i) => fill(i)),
  nMels,
  nFrames,
});

Deno.test("logMelFigure() of one spectrogram: bands up y, frame times along x", () => {
  const figure = logMelFigure(mel((i) => -i - 0.04), { sampleRate: 1000, hopLength: 250 });
  const [trace] = figure.data;
  assertEquals(trace.type, "heatmap");
  assertEquals(trace.x, [0, 0.25, 0.5, 0.75]);
  assertEquals(trace.y, [0, 1, 2]);
  assertEquals((trace.z as number[][])[2], [-8, -9, -10, -11]);
  assertEquals(figure.layout.coloraxis, {
    colorscale: "Viridis",
    cmin: -11,
    cmax: 0,
    colorbar: { title: { text: "dB" } },
  });
  assertEquals((figure.layout.yaxis as { title: { text: string } }).title.text, "Mel band");
});

Deno.test("logMelFigure() puts named spectrograms side by side on one color scale", () => {
  const figure = logMelFigure([
    { name: "original", mel: mel(() => -20) },
    { name: "noise", mel: mel(() => -5) },
    { name: "pitch", mel: mel(() => -60) },
  ]);
  assertEquals(figure.data.map((t) => [t.name, t.xaxis, t.yaxis]), [
    ["original", "x", "y"],
    ["noise", "x2", "y"],
    ["pitch", "x3", "y"],
  ]);
  const domains = ["xaxis", "xaxis2", "xaxis3"].map((k) =>
    (figure.layout[k] as { domain: number[] }).domain
  );
  assertEquals(domains, [[0, 0.3067], [0.3467, 0.6533], [0.6933, 1]]);
  const axis = figure.layout.coloraxis as { cmin: number; cmax: number };
  assertEquals([axis.cmin, axis.cmax], [-60, -5]);
  assertEquals(figure.layout.annotations?.map((a) => a.xref), [
    "x domain",
    "x2 domain",
    "x3 domain",
  ]);
});

Deno.test("logMelFigure() takes a fixed color range", () => {
  const figure = logMelFigure(mel(() => -3), { range: [-80, 0] });
  const axis = figure.layout.coloraxis as { cmin: number; cmax: number };
  assertEquals([axis.cmin, axis.cmax], [-80, 0]);
});

Deno.test("logMelFigure() rejects bad input", async (t) => {
  const cases: [string, () => unknown, string][] = [
    ["no spectrogram", () => logMelFigure([]), "mels must not be empty"],
    [
      "wrong size",
      () => logMelFigure([{ name: "a", mel: { data: new Float32Array(5), nMels: 2, nFrames: 3 } }]),
      "data must hold nMels·nFrames = 6 values (a): current length is 5",
    ],
    ["hop", () => logMelFigure(mel(() => 0), { hopLength: 0 }), "hopLength must be > 0"],
    [
      "columns",
      () => logMelFigure(mel(() => 0), { columns: 0 }),
      "columns must be an integer >= 1",
    ],
  ];
  for (const [name, fn, message] of cases) {
    await t.step(name, () => void assertThrows(fn, RangeError, message));
  }
});

Deno.test("logMelFigure() wraps panels into rows of `columns`", () => {
  const panels = ["a", "b", "c", "d", "e"].map((name) => ({ name, mel: mel(() => -1) }));
  const figure = logMelFigure(panels, { columns: 2 });
  assertEquals(figure.data.map((t) => [t.xaxis, t.yaxis]), [
    ["x", "y"],
    ["x2", "y"],
    ["x3", "y2"],
    ["x4", "y2"],
    ["x5", "y3"],
  ]);
  const domain = (key: string) => (figure.layout[key] as { domain: number[] }).domain;
  assertEquals([domain("yaxis"), domain("yaxis3")], [[0.72, 1], [0, 0.28]]);
  assertEquals([domain("xaxis3"), domain("xaxis4")], [[0, 0.48], [0.52, 1]]);
  const anchors = ["yaxis", "yaxis2", "yaxis3"].map((k) =>
    (figure.layout[k] as { anchor: string }).anchor
  );
  assertEquals(anchors, ["x", "x3", "x5"]);
  const xTitle = (key: string) => (figure.layout[key] as { title: { text: string } }).title.text;
  // The last panel of each column carries the time axis title.
  assertEquals(["xaxis", "xaxis3", "xaxis4", "xaxis5"].map(xTitle), [
    "",
    "",
    "Time (s)",
    "Time (s)",
  ]);
  assertEquals(figure.layout.height, 120 + 3 * 300);
  assertEquals(figure.layout.annotations?.[4].yref, "y3 domain");
});
