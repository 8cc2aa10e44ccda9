import { DEFAULT_CONFIG } from "../config/mod.ts";

/** Options of {@linkcode windowStarts}. */
export interface WindowStartsOptions {
  /** Start of the first window in seconds (the model's `audio.offset`). @default {DEFAULT_CONFIG.audio.offset} (0.5) */
  offset?: number;
  /** Window length in seconds (the model's `audio.duration`). @default {DEFAULT_CONFIG.audio.duration} (3.0) */
  duration?: number;
  /** Step between window starts in seconds: 50% overlap. @default {duration / 2} (1.5) */
  hop?: number;
}

/**
 * Where the analysis windows of a clip start, in seconds from its first
 * sample: `n = max(1, round((L − duration) / hop))` windows at
 * `offset + k·hop`, where `L = clipSeconds − offset` is the length after the
 * offset. The first window is exactly the one training reads (`offset`,
 * `duration`, zero-padded at the end when the clip is short).
 *
 * Why `round((L − duration) / hop)` rather than the usual
 * `1 + floor((L − duration) / hop)`: a RAVDESS clip must give one window,
 * the training window, so that prediction and evaluation agree; RAVDESS
 * clips run 2.9–5.3 s, i.e. up to L = 4.77 s, where a second window would
 * lie wholly inside the clip. With this rule a second window starts only
 * when L ≥ duration + 1.5·hop (5.25 s, a clip of 5.75 s); after that one
 * window is added per `hop`, so a 30 s clip gets 18 windows (0.5–3.5 s,
 * 2.0–5.0 s, …, 26.0–29.0 s). The last 0.75–2.25 s of a long clip (with
 * the defaults), like RAVDESS's trailing silence, start no window of their
 * own. A clip no longer than `offset` has nothing after it: its single
 * window starts at 0 instead.
 *
 * @param clipSeconds The clip's length in seconds, ≥ 0.
 * @param options Offset, window length and hop (the model's `audio` settings).
 * @returns Start times in seconds, at least one, ascending.
 * @throws {RangeError} A negative length, a negative offset, or a duration or hop ≤ 0.
 *
 * @example A RAVDESS clip gives the training window alone; 30 s gives 18
 * ```ts
 * import { windowStarts } from "./window_starts.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(windowStarts(5.272), [0.5]); // the longest RAVDESS clip
 * assertEquals(windowStarts(2.936), [0.5]); // the shortest: padded as in training
 * const long = windowStarts(30);
 * assertEquals([long.length, long[1], long.at(-1)], [18, 2, 26]);
 * ```
 *
 * @example Other settings
 * ```ts
 * import { windowStarts } from "./window_starts.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(windowStarts(10, { offset: 0, duration: 2, hop: 2 }), [0, 2, 4, 6]);
 * assertEquals(windowStarts(0.3), [0]); // shorter than the offset
 * ```
 */
export function windowStarts(clipSeconds: number, options: WindowStartsOptions = {}): number[] {
  const {
    offset = DEFAULT_CONFIG.audio.offset,
    duration = DEFAULT_CONFIG.audio.duration,
    hop = duration / 2,
  } = options;
  const check = (name: string, value: number, ok: boolean, bound: string) => {
    if (!ok) {
      throw new RangeError(
        `Cannot place windows as ${name} must be ${bound}: current value is ${value}`,
      );
    }
  };
  check("clipSeconds", clipSeconds, clipSeconds >= 0 && Number.isFinite(clipSeconds), ">= 0");
  check("offset", offset, offset >= 0 && Number.isFinite(offset), ">= 0");
  check("duration", duration, duration > 0 && Number.isFinite(duration), "> 0");
  check("hop", hop, hop > 0 && Number.isFinite(hop), "> 0");
  const first = clipSeconds > offset ? offset : 0;
  const count = Math.max(1, Math.round((clipSeconds - first - duration) / hop));
  return Array.from({ length: count }, (_, k) => first + k * hop);
}
