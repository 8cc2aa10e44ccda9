import { assertEquals, assertLessOrEqual } from "@std/assert";
import {
  channelSumsImpl,
  gradSumsImpl,
  momentsFromSums,
  momentShift,
  normalizeCoefficients,
} from "./_batch_norm_sums_impl.ts";
import { randomArray, relativeError } from "./_testing.ts";

Deno.test("channelSumsImpl() and momentsFromSums() give each channel's mean and biased variance", async (t) => {
  for (const channels of [1, 5]) {
    await t.step(`${channels} channel(s)`, () => {
      const rows = 301;
      // Large offset: the shifted float64 sums must not lose the variance.
      const x = randomArray(rows * channels, channels, 1000, 1004);
      const shift = momentShift(x, channels);
      const sums = new Float64Array(2 * channels);
      // In two ranges of rows, as the native backend's threads split it.
      channelSumsImpl(x, shift, 0, 100, sums);
      channelSumsImpl(x, shift, 100, rows, sums);
      const mean = new Float32Array(channels), variance = new Float32Array(channels);
      momentsFromSums(
        sums.subarray(0, channels),
        sums.subarray(channels),
        shift,
        rows,
        mean,
        variance,
      );
      for (let c = 0; c < channels; c++) {
        let m = 0, v = 0;
        for (let r = 0; r < rows; r++) m += x[r * channels + c] / rows;
        for (let r = 0; r < rows; r++) v += (x[r * channels + c] - m) ** 2 / rows;
        assertLessOrEqual(Math.abs(mean[c] - m) / m, 1e-7);
        assertLessOrEqual(Math.abs(variance[c] - v) / v, 1e-5);
      }
    });
  }
});

Deno.test("momentsFromSums() gives zero moments for no rows", () => {
  const mean = new Float32Array(2).fill(NaN), variance = new Float32Array(2).fill(NaN);
  momentsFromSums([0, 0], [0, 0], momentShift(new Float32Array(0), 2), 0, mean, variance);
  assertEquals([...mean, ...variance], [0, 0, 0, 0]);
});

Deno.test("normalizeCoefficients() turns statistics into y = gain·x + bias", () => {
  const gain = new Float32Array(2), bias = new Float32Array(2);
  normalizeCoefficients(
    new Float32Array([1, -2]),
    new Float32Array([4, 0.25]),
    new Float32Array([2, 1]),
    new Float32Array([0.5, 0]),
    0,
    gain,
    bias,
  );
  assertEquals(Array.from(gain), [1, 2]);
  assertEquals(Array.from(bias), [-0.5, 4]);
});

Deno.test("gradSumsImpl() adds Σdy and Σdy·(x − mean) per channel", async (t) => {
  for (const channels of [1, 12]) {
    await t.step(`${channels} channel(s)`, () => {
      const rows = 333;
      const dy = randomArray(rows * channels, 1);
      const x = randomArray(rows * channels, 2, -3, 3);
      const mean = randomArray(channels, 3);
      const sums = new Float64Array(2 * channels).fill(1);
      gradSumsImpl(dy, x, mean, 0, 200, sums);
      gradSumsImpl(dy, x, mean, 200, rows, sums);
      const want = new Float64Array(2 * channels).fill(1);
      for (let i = 0; i < x.length; i++) {
        want[i % channels] += dy[i];
        want[channels + i % channels] += dy[i] * (x[i] - mean[i % channels]);
      }
      assertLessOrEqual(relativeError(sums, want), 1e-12);
    });
  }
});
