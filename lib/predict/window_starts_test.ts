import { assertEquals, assertThrows } from "@std/assert";
import { windowStarts } from "./window_starts.ts";

Deno.test("windowStarts() gives every RAVDESS length one window, the training one", () => {
  // RAVDESS clips run 2.94 to 5.27 s; a second window starts from 5.75 s.
  for (const seconds of [0.6, 2.936, 3.5, 4.5, 5.272, 5.7]) {
    assertEquals(windowStarts(seconds), [0.5], `${seconds} s`);
  }
  assertEquals(windowStarts(5.8), [0.5, 2]);
});

Deno.test("windowStarts() adds one window per hop on long clips", () => {
  for (const seconds of [10, 30, 61.3]) {
    const starts = windowStarts(seconds);
    assertEquals(starts.length, Math.round((seconds - 3.5) / 1.5));
    starts.forEach((s, k) => assertEquals(s, 0.5 + 1.5 * k));
    // The last window ends within 0.75–2.25 s of the clip's end.
    const tail = seconds - (starts.at(-1)! + 3);
    assertEquals(tail >= 0.75 && tail < 2.25, true, `${seconds} s leaves ${tail} s`);
  }
});

Deno.test("windowStarts() starts at 0 when the clip ends before the offset", () => {
  assertEquals(windowStarts(0.5), [0]);
  assertEquals(windowStarts(0), [0]);
  assertEquals(windowStarts(0.2, { offset: 0 }), [0]);
});

Deno.test("windowStarts() refuses bad arguments", async (t) => {
  const cases: [number, Parameters<typeof windowStarts>[1], string][] = [
    [-1, {}, "clipSeconds must be >= 0: current value is -1"],
    [Infinity, {}, "clipSeconds must be >= 0"],
    [4, { offset: -0.1 }, "offset must be >= 0"],
    [4, { duration: 0 }, "duration must be > 0: current value is 0"],
    [4, { hop: -1 }, "hop must be > 0: current value is -1"],
  ];
  for (const [seconds, options, message] of cases) {
    await t.step(message, () => {
      assertThrows(() => windowStarts(seconds, options), RangeError, message);
    });
  }
});
