import { assertAlmostEquals, assertEquals, assertLessOrEqual } from "@std/assert";
import { designResampler, TABLE_PHASES } from "./_resample_design.ts";
import {
  exactTable,
  fixedPointStep,
  interpolatedTable,
  interpolateExact,
  interpolateReal,
  stageLength,
  windowWidth,
} from "./_resample_polyphase.ts";
import { stageSignal } from "./_resample_testing.ts";

const interpolator = designResampler(48000, 22050).interpolator!;

Deno.test("exactTable() has DC gain 1 at every phase and zero padding", () => {
  const table = exactTable(interpolator, 147);
  assertEquals([windowWidth(interpolator), table.stride, table.first], [14, 16, 6]);
  assertEquals(table.data.length, 147 * 16);
  for (let j = 0; j < 147; j++) {
    let sum = 0;
    for (let i = 0; i < 14; i++) sum += table.data[j * 16 + i];
    assertAlmostEquals(sum, 1, 1e-6);
    assertEquals([table.data[j * 16 + 14], table.data[j * 16 + 15]], [0, 0]);
  }
});

Deno.test("interpolatedTable() rows are the exact phases j/TABLE_PHASES and their differences", () => {
  const exact = exactTable(interpolator, TABLE_PHASES).data;
  const { data, stride } = interpolatedTable(interpolator);
  for (const j of [0, 1, 700, TABLE_PHASES - 2]) {
    for (let i = 0; i < stride; i++) {
      assertEquals(data[2 * j * stride + i], exact[j * stride + i]);
      assertAlmostEquals(
        data[(2 * j + 1) * stride + i],
        exact[(j + 1) * stride + i] - exact[j * stride + i],
        1e-7,
      );
    }
  }
});

Deno.test("fixedPointStep() rounds the step to soxr's 32.32 clock", () => {
  assertEquals(fixedPointStep(2), { whole: 2, fraction: 0 });
  assertEquals(fixedPointStep(2.5), { whole: 2, fraction: 2 ** 31 });
  const { whole, fraction } = fixedPointStep(320 / 147);
  assertEquals(whole, 2);
  assertLessOrEqual(Math.abs(whole + fraction / 2 ** 32 - 320 / 147), 2 ** -33);
});

Deno.test("interpolateExact() reconstructs a band-limited signal at the output times", () => {
  const table = exactTable(interpolator, 147);
  const origin = 7;
  const count = 2000;
  const z = stageSignal(stageLength(table, origin, 320 / 147, count), origin);
  const out = new Float32Array(count);
  interpolateExact(z, origin, table, 320, 147, out, count);
  // Away from the start (zeros before 0), y[n] is the signal at t = n·320/147,
  // up to the interpolator's droop (< 0.002 dB at 1.1 rad/sample).
  for (let n = 20; n < count; n++) {
    const t = n * 320 / 147;
    assertAlmostEquals(out[n], 0.4 * Math.sin(0.3 * t) + 0.3 * Math.sin(1.1 * t + 0.5), 2e-4);
  }
});

Deno.test("interpolateReal() agrees with interpolateExact() on a step both can take", () => {
  const exactPhases = exactTable(interpolator, 147);
  const densePhases = interpolatedTable(interpolator);
  const origin = 7;
  const count = 20000;
  const z = stageSignal(stageLength(exactPhases, origin, 320 / 147, count), origin);
  const exact = new Float32Array(count);
  const real = new Float32Array(count);
  interpolateExact(z, origin, exactPhases, 320, 147, exact, count);
  interpolateReal(z, origin, densePhases, 320 / 147, real, count);
  let max = 0;
  for (let n = 0; n < count; n++) max = Math.max(max, Math.abs(exact[n] - real[n]));
  // Table interpolation (< −130 dB) plus the 32.32 clock's drift (< 1e-5 samples here).
  assertLessOrEqual(max, 2e-6, `max |real − exact| ${max}`);
});
