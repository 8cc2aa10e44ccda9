import { assert, assertEquals, assertThrows } from "@std/assert";
import { waveformFigure } from "./waveform_figure.ts";

Deno.test("waveformFigure() draws a short signal sample by sample against time", () => {
  const figure = waveformFigure(new Float32Array([0, 0.5, -0.5, 1]), { sampleRate: 4 });
  assertEquals(figure.data.length, 1);
  assertEquals(figure.data[0].x, [0, 0.25, 0.5, 0.75]);
  assertEquals(figure.data[0].y, [0, 0.5, -0.5, 1]);
  assertEquals(figure.layout.showlegend, false);
  assertEquals((figure.layout.xaxis as { title: { text: string } }).title.text, "Time (s)");
  assertEquals(figure.layout.annotations, []);
});

Deno.test("waveformFigure() keeps each span's extremes, in time order, for long signals", () => {
  const samples = new Float32Array(1000);
  samples[10] = 0.9; // span 0: max after min
  samples[5] = -0.7;
  samples[620] = -1; // span 6: min after max
  samples[610] = 0.3;
  const figure = waveformFigure(samples, { sampleRate: 1000, maxPoints: 20 });
  const [x, y] = [figure.data[0].x as number[], figure.data[0].y as number[]];
  assertEquals(x.length, 20);
  assertEquals([x[0], y[0], x[1], y[1]], [0.005, -0.7, 0.01, 0.9]);
  assertEquals([x[12], y[12], x[13], y[13]], [0.61, 0.3, 0.62, -1]);
  assert(x.every((t, i) => i === 0 || t >= x[i - 1]));
});

Deno.test("waveformFigure() stacks named signals, one row and caption each", () => {
  const tone = Float32Array.from({ length: 100 }, (_, n) => Math.sin(n));
  const figure = waveformFigure([
    { name: "original", samples: tone },
    { name: "noise", samples: tone },
    { name: "pitch", samples: tone },
  ]);
  assertEquals(figure.data.map((t) => t.yaxis), ["y", "y2", "y3"]);
  assertEquals(figure.layout.annotations?.map((a) => a.text), [
    "<b>original</b>",
    "<b>noise</b>",
    "<b>pitch</b>",
  ]);
  const domains = ["yaxis", "yaxis2", "yaxis3"].map((k) =>
    (figure.layout[k] as { domain: number[] }).domain
  );
  assertEquals(domains, [[0.7067, 1], [0.3533, 0.6467], [0, 0.2933]]);
  assertEquals((figure.layout.xaxis as { anchor: string }).anchor, "y3");
  assertEquals(figure.layout.height, 90 + 3 * 180);
});

Deno.test("waveformFigure() rejects bad input", async (t) => {
  const cases: [string, () => unknown, string][] = [
    ["no signal", () => waveformFigure([]), "signals must not be empty"],
    ["rate", () => waveformFigure([0], { sampleRate: 0 }), "sampleRate must be > 0"],
    ["odd points", () => waveformFigure([0], { maxPoints: 3 }), "maxPoints must be an even"],
    ["amplitude", () => waveformFigure([0], { amplitude: 0 }), "amplitude must be > 0 or null"],
  ];
  for (const [name, fn, message] of cases) {
    await t.step(name, () => void assertThrows(fn, RangeError, message));
  }
});

Deno.test("waveformFigure() scales every row to the loudest signal, or to a given amplitude", () => {
  const figure = waveformFigure([
    { name: "quiet", samples: [0.01, -0.02] },
    { name: "loud", samples: [0.2, -0.4] },
  ]);
  const range = (key: string) => (figure.layout[key] as { range: number[] }).range;
  assertEquals([range("yaxis"), range("yaxis2")], [[-0.42, 0.42], [-0.42, 0.42]]);
  const fixed = waveformFigure([0.1], { amplitude: 1 });
  assertEquals((fixed.layout.yaxis as { range: number[] }).range, [-1.05, 1.05]);
  const silent = waveformFigure([0, 0]);
  assertEquals((silent.layout.yaxis as { range: number[] }).range, [-1.05, 1.05]);
});
