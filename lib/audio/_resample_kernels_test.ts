import { assertEquals, assertGreaterOrEqual, assertLessOrEqual } from "@std/assert";
import { designResampler } from "./_resample_design.ts";
import { interpolate, RESERVED_KERNEL_BYTES, stageBuffers } from "./_resample_kernels.ts";
import { fileURLToPath } from "node:url";
import {
  exactTable,
  interpolatedTable,
  interpolateExact,
  interpolateReal,
  stageLength,
  windowWidth,
} from "./_resample_polyphase.ts";
import { stageSignal } from "./_resample_testing.ts";

/** Ratios whose interpolators have 14, 15 (16 wide), 12 and 10 taps: both kernel loops. */
const RATES: [number, number][] = [[48000, 22050], [16000, 22050], [22050, 16000], [96000, 22050]];

function maxDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

Deno.test("interpolate() (WASM SIMD) equals interpolateExact() (JS) with exact phases", async (t) => {
  for (const [from, to] of RATES) {
    const design = designResampler(from, to);
    const step = design.step!;
    if (step.kind !== "rational") throw new Error(`${from} → ${to} should be rational`);
    await t.step(`${from} → ${to}, ${design.interpolator!.taps} taps`, () => {
      const table = exactTable(design.interpolator!, step.den);
      const origin = windowWidth(design.interpolator!) / 2;
      const count = 5000;
      const length = stageLength(table, origin, step.num / step.den, count);
      const z = stageSignal(length, origin);
      const expected = new Float32Array(count);
      interpolateExact(z, origin, table, step.num, step.den, expected, count);
      const buffers = stageBuffers(table, length, count);
      buffers.z.set(z);
      interpolate(buffers, table, origin, step);
      // float32 accumulation in four lanes against float64 in JS.
      assertLessOrEqual(maxDiff(buffers.out, expected), 3e-7);
    });
  }
});

Deno.test("interpolate() (WASM SIMD) equals interpolateReal() (JS) with interpolated phases", async (t) => {
  const steps = [22050 / 2 ** (-2.5 / 12), 22050 / 2 ** (2.5 / 12)].map((from) =>
    designResampler(from, 22050)
  );
  for (const design of steps) {
    const step = design.step!;
    if (step.kind !== "real") throw new Error("pitch-shift ratios should be real");
    await t.step(`step ${step.step.toFixed(4)}, ${design.interpolator!.taps} taps`, () => {
      const table = interpolatedTable(design.interpolator!);
      const origin = windowWidth(design.interpolator!) / 2;
      const count = 66150;
      const length = stageLength(table, origin, step.step, count);
      const z = stageSignal(length, origin);
      const expected = new Float32Array(count);
      interpolateReal(z, origin, table, step.step, expected, count);
      const buffers = stageBuffers(table, length, count);
      buffers.z.set(z);
      interpolate(buffers, table, origin, step.step);
      assertLessOrEqual(maxDiff(buffers.out, expected), 3e-7);
    });
  }
});

Deno.test("stageBuffers() keeps the table across calls and grows the memory", () => {
  const design = designResampler(48000, 22050);
  const table = exactTable(design.interpolator!, 147);
  const small = stageBuffers(table, 100, 10);
  assertEquals(small.z.length, 100);
  const large = stageBuffers(table, 4_000_000, 10);
  assertEquals([large.z.length, large.out.length], [4_000_000, 10]);
  // The table sits below z, untouched by writes to z.
  large.z.fill(1);
  assertEquals(new Float32Array(large.z.buffer, 0, table.data.length), table.data);
});

Deno.test("the kernels' memory holds a 10 s window at 48 kHz without growing", async () => {
  // A growth mid-run detaches the memory's buffer, which makes V8 deoptimise
  // every typed-array function of the thread (see RESERVED_KERNEL_BYTES).
  // A fresh process, so that no earlier test has grown the memory already.
  const code = `
    import { kernelMemoryBytes } from ${
    JSON.stringify(new URL("./_resample_kernels.ts", import.meta.url).href)
  };
    import { resample } from ${JSON.stringify(new URL("./resample.ts", import.meta.url).href)};
    const before = kernelMemoryBytes();
    for (const [from, to] of [[48000, 22050], [44100, 22050], [48000, 16000]]) {
      resample(Float32Array.from({ length: 10 * from }, (_, n) => 0.5 * Math.sin(n / 7)), from, to);
    }
    console.log(JSON.stringify({ before, after: kernelMemoryBytes() }));`;
  const { code: status, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", fileURLToPath(new URL("../../deno.json", import.meta.url)), code],
  }).output();
  assertEquals(status, 0, new TextDecoder().decode(stderr));
  const { before, after } = JSON.parse(new TextDecoder().decode(stdout));
  assertGreaterOrEqual(before, RESERVED_KERNEL_BYTES);
  assertEquals(after, before);
});
