/**
 * Checks that a PNG shows something: a figure that failed to draw exports
 * as a valid PNG of one flat colour, which a size check alone would pass.
 *
 * @module
 */
import { decode } from "fast-png";

/** What a PNG holds, in terms a blank-image check needs. */
export interface PngContent {
  width: number;
  height: number;
  /** Share of pixels whose colour differs from the most common one (the background). */
  inkFraction: number;
  /** Number of distinct colours. */
  colours: number;
}

/** Decodes `bytes` and measures how much of the image is not background. */
export function pngContent(bytes: Uint8Array): PngContent {
  const image = decode(bytes);
  const { width, height, channels, data } = image;
  const counts = new Map<number, number>();
  for (let pixel = 0; pixel < width * height; pixel++) {
    let key = 0;
    for (let c = 0; c < channels; c++) key = key * 65536 + Number(data[pixel * channels + c]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  return {
    width,
    height,
    inkFraction: 1 - background / (width * height),
    colours: counts.size,
  };
}

/**
 * Throws unless the PNG at `bytes` has at least `minInk` of its pixels off
 * the background and `minColours` distinct colours: a plotly figure with
 * axes, labels and data traces has far more of both (a confusion matrix
 * ~40% ink and hundreds of colours).
 */
export function assertPngHasContent(
  bytes: Uint8Array,
  what: string,
  { minInk = 0.02, minColours = 16 }: { minInk?: number; minColours?: number } = {},
): PngContent {
  const content = pngContent(bytes);
  if (content.inkFraction < minInk || content.colours < minColours) {
    throw new Error(
      `${what} looks blank: ${(content.inkFraction * 100).toFixed(2)}% of its ` +
        `${content.width}×${content.height} pixels differ from the background, ` +
        `${content.colours} colours (want ≥ ${minInk * 100}% and ≥ ${minColours})`,
    );
  }
  return content;
}
