import { axis, baseLayout } from "./_format.ts";
import type { Figure, Layout, Trace } from "./_types.ts";

/** A log-mel spectrogram as `lib/features` returns it: row-major [nMels, nFrames], in dB. */
export interface MelImage {
  /** Values in dB, band by band; length nMels·nFrames. */
  data: ArrayLike<number>;
  /** Mel bands (rows). */
  nMels: number;
  /** Frames (columns). */
  nFrames: number;
}

/** A log-mel under a name, e.g. one version of a clip. */
export interface NamedMel {
  /** The panel's title. */
  name: string;
  /** The spectrogram. */
  mel: MelImage;
}

/** Options of {@linkcode logMelFigure}. */
export interface LogMelFigureOptions {
  /** Rate the spectrogram was computed at, in Hz, > 0 (for the time axis). @default {22050} */
  sampleRate?: number;
  /** Samples between frames, > 0 (for the time axis). @default {512} */
  hopLength?: number;
  /** The figure title. @default {"Log-mel spectrogram"} */
  title?: string;
  /** Color range in dB; `null` spans the values of all panels. @default {null} */
  range?: [number, number] | null;
  /** Panels per row, an integer ≥ 1; more panels wrap onto further rows. @default {mels.length} (one row) */
  columns?: number;
  /** Height in pixels. @default {120 + 300 per row} */
  height?: number;
}

/**
 * Log-mel spectrograms as heatmaps side by side (one panel per spectrogram,
 * in rows of `columns`, on one color scale), time in seconds along x, mel
 * band along y with the low bands at the bottom. Values are rounded to
 * 0.1 dB to keep the figure small.
 *
 * @param mels One spectrogram, or several under names (one panel each, left to right).
 * @param options Rate and hop for the time axis, title, color range, panels per row and height.
 * @returns One heatmap trace per spectrogram, all on one color axis; panel i on axes `x{i+1}` and `y{row+1}`.
 * @throws {RangeError} No spectrogram, a spectrogram whose data is not nMels·nFrames long, a rate or hop that is not > 0, or `columns` that is not an integer ≥ 1.
 *
 * @example Two panels on one color scale
 * ```ts
 * import { logMelFigure } from "./log_mel_figure.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const mel = { data: Float32Array.from({ length: 6 }, (_, i) => -10 * i), nMels: 2, nFrames: 3 };
 * const figure = logMelFigure([{ name: "a", mel }, { name: "b", mel }]);
 * assertEquals(figure.data.map((t) => [t.type, t.xaxis, t.coloraxis]), [
 *   ["heatmap", "x", "coloraxis"],
 *   ["heatmap", "x2", "coloraxis"],
 * ]);
 * assertEquals(figure.data[0].z, [[0, -10, -20], [-30, -40, -50]]);
 * assertEquals((figure.layout.coloraxis as { cmin: number }).cmin, -50);
 * ```
 */
export function logMelFigure(
  mels: MelImage | NamedMel[],
  options: LogMelFigureOptions = {},
): Figure {
  const {
    sampleRate = 22050,
    hopLength = 512,
    title = "Log-mel spectrogram",
    range = null,
  } = options;
  const named: NamedMel[] = Array.isArray(mels) ? mels : [{ name: "", mel: mels }];
  if (named.length === 0) {
    throw new RangeError("Cannot plot log-mels as mels must not be empty: current length is 0");
  }
  const { columns = named.length } = options;
  for (const [name, value] of [["sampleRate", sampleRate], ["hopLength", hopLength]] as const) {
    if (!(value > 0)) {
      throw new RangeError(
        `Cannot plot log-mels as ${name} must be > 0: current value is ${value}`,
      );
    }
  }
  if (!(Number.isInteger(columns) && columns >= 1)) {
    throw new RangeError(
      `Cannot plot log-mels as columns must be an integer >= 1: current value is ${columns}`,
    );
  }
  for (const { name, mel } of named) {
    if (mel.data.length !== mel.nMels * mel.nFrames) {
      throw new RangeError(
        `Cannot plot log-mels as data must hold nMels·nFrames = ${mel.nMels * mel.nFrames} values${
          name ? ` (${name})` : ""
        }: current length is ${mel.data.length}`,
      );
    }
  }
  let low = Infinity, high = -Infinity;
  for (const { mel } of named) {
    for (let i = 0; i < mel.data.length; i++) {
      if (mel.data[i] < low) low = mel.data[i];
      if (mel.data[i] > high) high = mel.data[i];
    }
  }
  const [cmin, cmax] = range ?? [round(low, 1), round(high, 1)];
  const cols = Math.min(columns, named.length);
  const rows = Math.ceil(named.length / cols);
  const xGap = cols > 1 ? 0.04 : 0, yGap = rows > 1 ? 0.16 / (rows - 1) : 0;
  const width = (1 - xGap * (cols - 1)) / cols, height = (1 - yGap * (rows - 1)) / rows;
  const layout: Layout = baseLayout(title, {
    height: options.height ?? 120 + 300 * rows,
    coloraxis: { colorscale: "Viridis", cmin, cmax, colorbar: { title: { text: "dB" } } },
    annotations: [],
  });
  for (let r = 0; r < rows; r++) {
    const top = 1 - r * (height + yGap);
    layout[`yaxis${r === 0 ? "" : r + 1}`] = axis("Mel band", {
      domain: [round(Math.max(top - height, 0)), round(top)],
      anchor: `x${r * cols === 0 ? "" : r * cols + 1}`,
    });
  }
  const data: Trace[] = named.map(({ name, mel }, i) => {
    const [r, c] = [Math.floor(i / cols), i % cols];
    const xSuffix = i === 0 ? "" : String(i + 1), ySuffix = r === 0 ? "" : String(r + 1);
    const left = c * (width + xGap);
    layout[`xaxis${xSuffix}`] = axis(r === rows - 1 || i + cols >= named.length ? "Time (s)" : "", {
      domain: [round(left), round(Math.min(left + width, 1))],
      anchor: `y${ySuffix}`,
    });
    if (name !== "") {
      layout.annotations!.push({
        text: `<b>${name}</b>`,
        xref: `x${xSuffix} domain`,
        yref: `y${ySuffix} domain`,
        x: 0,
        y: 1,
        xanchor: "left",
        yanchor: "bottom",
        showarrow: false,
      });
    }
    const z: number[][] = [];
    for (let m = 0; m < mel.nMels; m++) {
      const row: number[] = [];
      for (let f = 0; f < mel.nFrames; f++) row.push(round(mel.data[m * mel.nFrames + f], 1));
      z.push(row);
    }
    return {
      type: "heatmap",
      name,
      x: Array.from({ length: mel.nFrames }, (_, f) => round((f * hopLength) / sampleRate, 4)),
      y: Array.from({ length: mel.nMels }, (_, m) => m),
      z,
      xaxis: `x${xSuffix}`,
      yaxis: `y${ySuffix}`,
      coloraxis: "coloraxis",
      hovertemplate: `${
        name === "" ? "" : `${name}: `
      }%{x:.2f} s, band %{y}: %{z:.1f} dB<extra></extra>`,
    };
  });
  return { data, layout };
}

function round(value: number, digits = 4): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale + 0; // + 0: no −0 in the JSON
}
