import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertLessOrEqual,
  assertThrows,
} from "@std/assert";
import { join } from "node:path";
import {
  type DiffStats,
  diffStats,
  findClip,
  type GoldenArray,
  goldenArray,
  readGolden,
} from "../../tests/golden.ts";
import { needsBoth, needsGolden, needsRavdess, testWith } from "../../tests/requirements.ts";
import { decodeWav } from "./decode_wav.ts";
import { resample } from "./resample.ts";

/** |a − b| over whole 1-D arrays of equal length. */
function sampleStats(a: Float32Array, b: Float32Array): DiffStats {
  assertEquals(a.length, b.length);
  return diffStats(a, b, a.length);
}

/** Sample differences are ~1e-7: print them in exponent form. */
function formatSamples(s: DiffStats): string {
  return `max ${s.max.toExponential(2)}, p99 ${s.p99.toExponential(2)}, mean ${
    s.mean.toExponential(2)
  }`;
}

function tone(frequency: number, rate: number, length: number, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length },
    (_, n) => amplitude * Math.sin(2 * Math.PI * frequency * n / rate),
  );
}

/** Largest |a − b| over [from, to). */
function maxDiff(a: Float32Array, b: Float32Array, from: number, to: number): number {
  let max = 0;
  for (let i = from; i < to; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

// The pitch-shift ratios: librosa resamples from 22050/rate to 22050 Hz.
const PITCH_UP_RATE = 22050 / 2 ** (-2.5 / 12); // ≈ 25475.5 Hz, irrational, downsampling
const PITCH_DOWN_RATE = 22050 / 2 ** (2.5 / 12); // ≈ 19085.1 Hz, irrational, upsampling

interface Synthetic {
  x48: GoldenArray;
  resample_48000_to_22050: GoldenArray;
  time_stretch: { rate: number; y: GoldenArray }[];
  pitch_shift: { n_steps: number; internal_rate: number; y: GoldenArray }[];
}

testWith(
  "resample() matches librosa (soxr HQ) from 48000 to 22050 Hz on the synthetic signal",
  needsGolden(),
  (dir) => {
    const golden = readGolden<Synthetic>(join(dir, "synthetic.json"));
    const y = resample(goldenArray(golden.x48), 48000, 22050);
    const stats = sampleStats(y, goldenArray(golden.resample_48000_to_22050));
    console.log(`  samples: ${formatSamples(stats)}`);
    // Measured 4.2e-7 / 6.8e-8: float32 rounding between two FFT convolutions.
    assertLessOrEqual(stats.max, 1e-6, formatSamples(stats));
    assertLessOrEqual(stats.mean, 2e-7, formatSamples(stats));
  },
);

testWith(
  "resample() matches librosa at the pitch-shift ratios (irrational, both directions)",
  needsGolden(),
  async (dir, t) => {
    const golden = readGolden<Synthetic>(join(dir, "synthetic.json"));
    // librosa.effects.pitch_shift = time_stretch, this resample, fix_length:
    // resampling the golden stretch must give the golden pitch shift.
    for (const shift of golden.pitch_shift) {
      await t.step(`n_steps ${shift.n_steps}`, () => {
        const stretched = golden.time_stretch.find((s) => s.rate === shift.internal_rate);
        assert(stretched !== undefined, `no time_stretch entry at rate ${shift.internal_rate}`);
        const expected = goldenArray(shift.y);
        const y = resample(goldenArray(stretched.y), 22050 / shift.internal_rate, 22050, {
          length: expected.length,
        });
        const stats = sampleStats(y, expected);
        console.log(`  samples: ${formatSamples(stats)}`);
        assertLessOrEqual(stats.max, 1e-6, formatSamples(stats));
        assertLessOrEqual(stats.mean, 2e-7, formatSamples(stats));
      });
    }
  },
);

interface ClipGolden {
  meta: { source: { basename: string; native_samplerate: number } };
  clips: { offset: number; duration: number; y: GoldenArray }[];
}

testWith(
  "resample() matches librosa.load's resampling of the golden clip windows",
  needsBoth(needsGolden(), needsRavdess()),
  async ([dir, ravdess], t) => {
    const clipDir = join(dir, "clips");
    for (const name of [...Deno.readDirSync(clipDir)].map((e) => e.name).sort()) {
      const golden = readGolden<ClipGolden>(join(clipDir, name));
      const { basename, native_samplerate: rate } = golden.meta.source;
      const wav = Deno.readFileSync(findClip(ravdess, basename));
      for (const clip of golden.clips) {
        await t.step(`${basename} offset ${clip.offset}`, () => {
          // librosa.load reads the window at the native rate, then resamples it alone.
          const window = decodeWav(wav, {
            startFrame: Math.round(clip.offset * rate),
            frameCount: Math.round(clip.duration * rate),
          }).samples;
          const y = resample(window, rate, 22050);
          const stats = sampleStats(y, goldenArray(clip.y));
          console.log(`  samples: ${formatSamples(stats)}`);
          assertLessOrEqual(stats.max, 1e-6, formatSamples(stats));
        });
      }
    }
  },
);

Deno.test("resample() returns ceil(n·to/from) samples, soxr's round(n·to/from) of them computed", async (t) => {
  const cases: [number, number, number][] = [
    [144000, 48000, 22050],
    [3, 48000, 22050], // 1.378: one computed, one padding zero
    [1, 48000, 22050], // 0.459: nothing computed, one padding zero
    [1001, 44100, 22050],
    [999, 16000, 22050],
    [76427, PITCH_UP_RATE, 22050],
    [57255, PITCH_DOWN_RATE, 22050],
    [0, 48000, 22050],
  ];
  for (const [n, from, to] of cases) {
    await t.step(`${n} samples, ${from} → ${to}`, () => {
      const y = resample(new Float32Array(n).fill(1), from, to);
      assertEquals(y.length, Math.ceil(n * (to / from)));
      const computed = Math.floor(n / (from / to) + 0.5);
      for (let i = computed; i < y.length; i++) assertEquals(y[i], 0, `sample ${i}`);
      if (computed > 0) assert(y[computed - 1] !== 0, "last computed sample is not zero");
    });
  }
});

Deno.test("resample() honours options.length by padding or truncating at the end", () => {
  const x = tone(1000, 48000, 4800);
  const y = resample(x, 48000, 22050);
  assertEquals(resample(x, 48000, 22050, { length: 100 }), y.subarray(0, 100));
  const longer = resample(x, 48000, 22050, { length: y.length + 10 });
  assertEquals(longer.subarray(0, y.length), y);
  assertEquals(longer.subarray(y.length), new Float32Array(10));
});

Deno.test("resample() returns a copy when the rates are equal", () => {
  const x = tone(440, 22050, 1000);
  const y = resample(x, 22050, 22050);
  assert(y !== x, "a new array");
  assertEquals(y, x);
  assertEquals(resample(x, 22050, 22050, { length: 3 }), x.slice(0, 3));
});

Deno.test("resample() keeps DC at gain 1 on every path", async (t) => {
  const paths: [string, number, number][] = [
    ["exact phases, down", 48000, 22050],
    ["decimation only", 44100, 22050],
    ["exact phases, up", 16000, 22050],
    ["zero-stuffing only", 11025, 22050],
    ["interpolated phases, down", PITCH_UP_RATE, 22050],
    ["interpolated phases, up", PITCH_DOWN_RATE, 22050],
  ];
  for (const [name, from, to] of paths) {
    await t.step(name, () => {
      const y = resample(new Float32Array(Math.round(from)).fill(0.5), from, to);
      // Away from the edges, where the filters see the whole constant.
      for (let i = 300; i < y.length - 300; i++) assertAlmostEquals(y[i], 0.5, 1e-5);
    });
  }
});

Deno.test("resample() keeps a passband tone's amplitude and phase (output n at input time n·from/to)", async (t) => {
  const cases: [number, number, number][] = [
    [48000, 22050, 5000],
    [44100, 22050, 8900],
    [16000, 22050, 6000],
    [PITCH_UP_RATE, 22050, 6000],
    [PITCH_DOWN_RATE, 22050, 6000],
  ];
  for (const [from, to, frequency] of cases) {
    await t.step(`${frequency} Hz, ${from.toFixed(1)} → ${to}`, () => {
      const y = resample(tone(frequency, from, Math.round(from)), from, to);
      const expected = tone(frequency, to, y.length);
      // The interpolator droops ≤ 0.0004 dB here (as soxr's): ≤ 2.5e-5 on 0.5.
      assertLessOrEqual(maxDiff(y, expected, 300, y.length - 300), 3e-5);
    });
  }
});

Deno.test("resample() attenuates tones above the output Nyquist by more than 120 dB", async (t) => {
  const cases: [number, number, number][] = [
    [48000, 22050, 11100],
    [48000, 22050, 20000],
    [44100, 22050, 11100],
    [PITCH_UP_RATE, 22050, 11100],
  ];
  for (const [from, to, frequency] of cases) {
    await t.step(`${frequency} Hz, ${from.toFixed(1)} → ${to}`, () => {
      const y = resample(tone(frequency, from, Math.round(from)), from, to);
      let power = 0;
      for (let i = 300; i < y.length - 300; i++) power += y[i] * y[i];
      const db = 10 * Math.log10(power / (y.length - 600) / 0.125); // 0.125: the tone's power
      assertLessOrEqual(db, -120, `${db.toFixed(1)} dB`);
    });
  }
});

Deno.test("resample() interpolated-phase path agrees with the exact-phase path on one ratio", () => {
  // 48000 + 1e-9 Hz is not an integer, so it takes the interpolated table
  // and the 32.32 clock; 48000 Hz takes 147 exact phases.
  const x = tone(1234, 48000, 48000);
  for (let i = 0; i < x.length; i++) x[i] += 0.3 * Math.sin(2 * Math.PI * 7777 * i / 48000);
  const exact = resample(x, 48000, 22050);
  const interpolated = resample(x, 48000 + 1e-9, 22050);
  assertEquals(interpolated.length, exact.length);
  assertLessOrEqual(maxDiff(exact, interpolated, 0, exact.length), 2e-6);
});

Deno.test("resample() treats the signal as zero outside itself", () => {
  // An impulse in the middle gives the same response as one near the start,
  // shifted: no wrap-around from the FFT blocks, no edge reflection.
  const n = 48000;
  const middle = new Float32Array(n);
  middle[24000] = 1;
  const y = resample(middle, 48000, 22050);
  // 24000 input samples = 11025 output samples exactly; the filters span
  // ±222 input samples (~102 output samples) around it.
  let far = 0;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    if (Math.abs(i - 11025) > 110) far = Math.max(far, Math.abs(y[i]));
    sum += y[i];
  }
  assertLessOrEqual(far, 1e-7);
  assertAlmostEquals(sum, 22050 / 48000, 1e-6); // DC gain 1 at the output rate
  for (let i = 11025 - 110; i <= 11025 + 110; i++) assertLessOrEqual(y[i], y[11025]);
});

Deno.test("resample() rejects bad arguments", async (t) => {
  const x = new Float32Array(10);
  const ranges: [string, () => unknown, string][] = [
    [
      "fromRate 0",
      () => resample(x, 0, 22050),
      "fromRate must be a finite number > 0: current value is 0",
    ],
    ["fromRate < 0", () => resample(x, -1, 22050), "current value is -1"],
    ["fromRate NaN", () => resample(x, NaN, 22050), "current value is NaN"],
    [
      "toRate Infinity",
      () => resample(x, 48000, Infinity),
      "toRate must be a finite number > 0: current value is Infinity",
    ],
    [
      "ratio too large",
      () => resample(x, 100, 48000),
      "toRate / fromRate must lie in [1/256, 256]: current value is 480",
    ],
    [
      "length < 0",
      () => resample(x, 48000, 22050, { length: -1 }),
      "length must be an integer >= 0: current value is -1",
    ],
    ["length fractional", () => resample(x, 48000, 22050, { length: 2.5 }), "current value is 2.5"],
  ];
  for (const [name, fn, message] of ranges) {
    await t.step(name, () => {
      assertThrows(fn, RangeError, message);
    });
  }
  await t.step("signal not a Float32Array", () => {
    assertThrows(
      () => resample([1, 2, 3] as unknown as Float32Array, 48000, 22050),
      TypeError,
      "signal must be a Float32Array: current value is Array",
    );
  });
});

Deno.test("resample() gives exact zeros where the filter sees only digital silence", () => {
  // Regression: FFT round-off (~1e-12) leaked into silence before an onset,
  // and librosa's phase vocoder turns such round-off into 20 dB errors.
  const x = new Float32Array(48000);
  for (let i = 20000; i < 30000; i++) x[i] = 0.5 * Math.sin(i / 7);
  const y = resample(x, 48000, 22050);
  const onset = Math.floor((20000 * 22050) / 48000);
  // 445-tap prefilter + 14-tap interpolator: support < 240 input samples ≈ 110 outputs
  for (let n = 0; n < onset - 120; n++) assertEquals(y[n], 0, `sample ${n}`);
  for (let n = Math.ceil((30000 * 22050) / 48000) + 120; n < y.length; n++) {
    assertEquals(y[n], 0, `sample ${n}`);
  }
  assert(y.slice(onset, onset + 100).some((v) => Math.abs(v) > 0.1));
});
