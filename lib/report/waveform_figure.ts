import { axis, baseLayout, seriesColor } from "./_format.ts";
import type { Figure, Layout, Trace } from "./_types.ts";

/** A signal under a name, e.g. one version of a clip. */
export interface NamedSignal {
  /** The row's title. */
  name: string;
  /** Samples in [-1, 1]; shape [n]. */
  samples: ArrayLike<number>;
}

/** Options of {@linkcode waveformFigure}. */
export interface WaveformFigureOptions {
  /** Rate of the samples in Hz, > 0. @default {22050} */
  sampleRate?: number;
  /** The figure title. @default {"Waveform"} */
  title?: string;
  /**
   * Most points drawn per signal, an even integer ≥ 2. A longer signal is
   * drawn as its envelope: the minimum and maximum of each of
   * `maxPoints / 2` equal spans, so peaks survive and the figure stays small.
   *
   * @default {2000}
   */
  maxPoints?: number;
  /** Height of each signal's row in pixels. @default {180} */
  rowHeight?: number;
  /**
   * Half-height of every amplitude axis; `null` takes the largest |sample|
   * of all signals, so quiet clips fill their rows and rows stay comparable.
   *
   * @default {null}
   */
  amplitude?: number | null;
}

/**
 * Waveforms against time in seconds, one row per signal sharing the time
 * axis (e.g. a clip as recorded, with noise and pitch-shifted), the
 * amplitude axes all alike (the largest |sample| of all, or `amplitude`).
 * Long signals are drawn as min/max envelopes.
 *
 * @param signals One signal, or several under names (one row each, top to bottom).
 * @param options Rate, title, points per signal and row height.
 * @returns One line trace per signal, each on its own y axis.
 * @throws {RangeError} No signal, a rate that is not > 0, `maxPoints` that is not an even integer ≥ 2, or an amplitude that is not > 0.
 *
 * @example Two versions of one second, as envelopes of 200 points
 * ```ts
 * import { waveformFigure } from "./waveform_figure.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const tone = Float32Array.from({ length: 22050 }, (_, n) => Math.sin(n / 5));
 * const figure = waveformFigure([
 *   { name: "original", samples: tone },
 *   { name: "quieter", samples: tone.map((v) => v / 2) },
 * ], { maxPoints: 200 });
 * assertEquals(figure.data.map((t) => [t.name, t.yaxis, t.x?.length]), [["original", "y", 200], ["quieter", "y2", 200]]);
 * assertEquals((figure.layout.yaxis2 as { domain: number[] }).domain, [0, 0.44]);
 * ```
 */
export function waveformFigure(
  signals: ArrayLike<number> | NamedSignal[],
  options: WaveformFigureOptions = {},
): Figure {
  const {
    sampleRate = 22050,
    title = "Waveform",
    maxPoints = 2000,
    rowHeight = 180,
    amplitude = null,
  } = options;
  const named: NamedSignal[] = isNamed(signals)
    ? signals
    : [{ name: "", samples: signals as ArrayLike<number> }];
  if (named.length === 0) {
    throw new RangeError("Cannot plot waveforms as signals must not be empty: current length is 0");
  }
  if (!(sampleRate > 0)) {
    throw new RangeError(
      `Cannot plot waveforms as sampleRate must be > 0: current value is ${sampleRate}`,
    );
  }
  if (!(Number.isInteger(maxPoints) && maxPoints >= 2 && maxPoints % 2 === 0)) {
    throw new RangeError(
      `Cannot plot waveforms as maxPoints must be an even integer >= 2: current value is ${maxPoints}`,
    );
  }
  if (amplitude !== null && !(amplitude > 0)) {
    throw new RangeError(
      `Cannot plot waveforms as amplitude must be > 0 or null: current value is ${amplitude}`,
    );
  }
  let peak = amplitude ?? 0;
  if (amplitude === null) {
    for (const { samples } of named) {
      for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]));
    }
  }
  const top = round(1.05 * (peak || 1));
  const rows = named.length;
  const gap = rows > 1 ? 0.12 / (rows - 1) : 0;
  const height = (1 - gap * (rows - 1)) / rows;
  const layout: Layout = baseLayout(title, {
    showlegend: false,
    height: 90 + rowHeight * rows,
    xaxis: axis("Time (s)", { anchor: `y${rows === 1 ? "" : rows}` }),
    annotations: [],
  });
  const data: Trace[] = named.map(({ name, samples }, i) => {
    const suffix = i === 0 ? "" : String(i + 1);
    const upper = 1 - i * (height + gap);
    layout[`yaxis${suffix}`] = axis(rows === 1 ? "Amplitude" : "", {
      domain: [round(Math.max(upper - height, 0)), round(upper)],
      range: [-top, top],
      zeroline: true,
    });
    if (name !== "") {
      layout.annotations!.push({
        text: `<b>${name}</b>`,
        xref: "paper",
        yref: `y${suffix} domain`,
        x: 0,
        y: 1,
        xanchor: "left",
        yanchor: "bottom",
        showarrow: false,
      });
    }
    const [x, y] = envelope(samples, sampleRate, maxPoints);
    return {
      type: "scatter",
      mode: "lines",
      name,
      x,
      y,
      xaxis: "x",
      yaxis: `y${suffix}`,
      line: { color: seriesColor(i), width: 1 },
      hovertemplate: `${name === "" ? "" : `${name}: `}%{x:.3f} s, %{y:.3f}<extra></extra>`,
    };
  });
  return { data, layout };
}

/** A list of named signals (or an empty list), not a plain array of samples. */
function isNamed(signals: ArrayLike<number> | NamedSignal[]): signals is NamedSignal[] {
  return Array.isArray(signals) && (signals.length === 0 || typeof signals[0] === "object");
}

/** Times and values: every sample, or the min and max of each span when there are too many. */
function envelope(samples: ArrayLike<number>, sampleRate: number, maxPoints: number) {
  const n = samples.length;
  const x: number[] = [], y: number[] = [];
  if (n <= maxPoints) {
    for (let i = 0; i < n; i++) {
      x.push(round(i / sampleRate, 5));
      y.push(round(samples[i], 4));
    }
    return [x, y];
  }
  const spans = maxPoints / 2;
  for (let s = 0; s < spans; s++) {
    const start = Math.floor((s * n) / spans), end = Math.floor(((s + 1) * n) / spans);
    let low = Infinity, high = -Infinity, lowAt = start, highAt = start;
    for (let i = start; i < end; i++) {
      if (samples[i] < low) [low, lowAt] = [samples[i], i];
      if (samples[i] > high) [high, highAt] = [samples[i], i];
    }
    // In time order, so the line goes through both extremes of the span.
    const pair = lowAt <= highAt ? [[lowAt, low], [highAt, high]] : [[highAt, high], [lowAt, low]];
    for (const [at, value] of pair) {
      x.push(round(at / sampleRate, 5));
      y.push(round(value, 4));
    }
  }
  return [x, y];
}

function round(value: number, digits = 4): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale + 0; // + 0: no −0 in the JSON
}
