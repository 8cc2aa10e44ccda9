/**
 * `deno task bench:resample`: ms per `resample()` call for the shapes
 * serlab resamples, on one core: a 3 s window from 48 kHz and 44.1 kHz to
 * 22050 Hz (144000 → 66150 and 132300 → 66150 samples) and the two
 * pitch-shift ratios (22050/2^(∓2.5/12) Hz → 22050 Hz). Reports the median
 * and 10th/90th percentiles of `--runs` calls after a warm-up, plus the
 * first call (which designs the filters). The last line printed is one
 * JSON object with every figure.
 *
 * @module
 */
import { countFlag, parseFlags, runMain } from "../cli/_cli.ts";
import { resample } from "../lib/audio/resample.ts";

const HELP = `Usage: deno task bench:resample [--runs N]

Times resample() for 48000/44100 -> 22050 Hz on a 3 s window and for the
pitch-shift ratios, median of --runs (default 100) calls after warm-up.
Goal: <= 2.5 ms for 144000 -> 66150 samples.`;

await runMain(() => {
  const values = parseFlags(Deno.args, {
    runs: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const runs = countFlag("runs", values.runs, 100);

  /** Speech-like test signal: a few partials plus low noise. */
  function signal(rate: number, length: number): Float32Array {
    let state = 12345;
    return Float32Array.from({ length }, (_, n) => {
      state = (state * 16807) % 2147483647;
      const t = n / rate;
      return 0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 1800 * t) +
        0.01 * (state / 2147483647 - 0.5);
    });
  }

  function percentile(sorted: number[], q: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  const cases: [string, number, number, number][] = [
    ["48000->22050 (144000 samples)", 48000, 22050, 144000],
    ["44100->22050 (132300 samples)", 44100, 22050, 132300],
    ["pitch +2.5: 25475.5->22050 (76427 samples)", 22050 / 2 ** (-2.5 / 12), 22050, 76427],
    ["pitch -2.5: 19085.1->22050 (57255 samples)", 22050 / 2 ** (2.5 / 12), 22050, 57255],
  ];

  const figures: Record<
    string,
    { first_ms: number; median_ms: number; p10_ms: number; p90_ms: number }
  > = {};
  for (const [name, from, to, length] of cases) {
    const x = signal(from, length);
    let start = performance.now();
    resample(x, from, to);
    const first = performance.now() - start;
    for (let i = 0; i < 20; i++) resample(x, from, to);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      start = performance.now();
      resample(x, from, to);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const round = (v: number) => Math.round(v * 1000) / 1000;
    figures[name] = {
      first_ms: round(first),
      median_ms: round(percentile(times, 0.5)),
      p10_ms: round(percentile(times, 0.1)),
      p90_ms: round(percentile(times, 0.9)),
    };
    const f = figures[name];
    console.log(
      `${name}: median ${f.median_ms} ms (p10 ${f.p10_ms}, p90 ${f.p90_ms}; first call ${f.first_ms})`,
    );
  }
  console.log(JSON.stringify({ runs, resample: figures }));
});
