import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { estimateF0 } from "./estimate_f0.ts";

const SR = 22050;

/** A voice-like tone: harmonics 1–5 with falling amplitude, f0 in Hz. */
function harmonic(f0: number, seconds: number, sampleRate = SR): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * sampleRate) }, (_, n) => {
    let v = 0;
    for (let k = 1; k <= 5; k++) v += Math.sin(2 * Math.PI * k * f0 * n / sampleRate) / k;
    return 0.3 * v;
  });
}

Deno.test("estimateF0() finds the f0 of harmonic tones across the voice range", async (t) => {
  for (const f0 of [80, 110, 150, 220, 300, 450]) {
    await t.step(`${f0} Hz`, () => {
      const track = estimateF0(harmonic(f0, 1));
      assertEquals(track.voiced, track.f0.length);
      assertAlmostEquals(track.median, f0, f0 * 0.005);
    });
  }
});

Deno.test("estimateF0() frames without centring: ⌊(n − frameLength) / hop⌋ + 1", () => {
  const track = estimateF0(harmonic(200, 1));
  assertEquals(track.f0.length, Math.floor((SR - 1024) / 256) + 1);
  assertEquals([track.hopLength, track.sampleRate], [256, SR]);
  const long = estimateF0(harmonic(200, 1), { frameLength: 2048, hopLength: 512 });
  assertEquals(long.f0.length, Math.floor((SR - 2048) / 512) + 1);
  assertEquals(estimateF0(new Float32Array(1023)).f0.length, 0);
  assert(Number.isNaN(estimateF0(new Float32Array(1023)).median));
});

Deno.test("estimateF0() leaves silence and white noise unvoiced", () => {
  const silence = estimateF0(new Float32Array(SR));
  assertEquals(silence.voiced, 0);
  assert(Number.isNaN(silence.median));
  let state = 1;
  const noise = Float32Array.from({ length: SR }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
  assert(estimateF0(noise).voiced <= 2);
});

Deno.test("estimateF0() gates frames far below the loudest one", () => {
  const signal = harmonic(150, 1);
  for (let n = SR / 2; n < SR; n++) signal[n] *= 0.001; // −60 dB
  const gated = estimateF0(signal);
  const ungated = estimateF0(signal, { silenceDb: null });
  assert(gated.voiced < ungated.voiced);
  assertAlmostEquals(gated.median, 150, 1);
});

Deno.test("estimateF0() follows a pitch change by 2.5 semitones", () => {
  const low = estimateF0(harmonic(120, 1)).median;
  const high = estimateF0(harmonic(120 * 2 ** (2.5 / 12), 1)).median;
  assertAlmostEquals(12 * Math.log2(high / low), 2.5, 0.05);
});

Deno.test("estimateF0() honours sampleRate and the f0 range", () => {
  const track = estimateF0(harmonic(200, 1, 16000), { sampleRate: 16000 });
  assertAlmostEquals(track.median, 200, 1);
  // A 100 Hz voice searched from 150 Hz up is reported at no f0 below 150.
  const above = estimateF0(harmonic(100, 1), { fmin: 150 });
  assert(Array.from(above.f0).every((v) => Number.isNaN(v) || v >= 150));
});

Deno.test("estimateF0() rejects bad options", async (t) => {
  const signal = new Float32Array(4096);
  const cases: [string, Parameters<typeof estimateF0>[1], string][] = [
    ["sampleRate", { sampleRate: 0 }, "sampleRate must be > 0: current value is 0"],
    ["fmin", { fmin: -1 }, "fmin must be > 0: current value is -1"],
    ["fmax below fmin", { fmin: 300, fmax: 200 }, "fmax must be in (fmin, sampleRate / 2)"],
    ["fmax above Nyquist", { fmax: 12000 }, "current value is 12000"],
    ["frame too short for fmin", { frameLength: 512 }, "frameLength must be an integer >= 2·"],
    ["hop", { hopLength: 0 }, "hopLength must be an integer > 0"],
    ["threshold", { threshold: 1 }, "threshold must be in (0, 1)"],
    ["silenceDb", { silenceDb: -3 }, "silenceDb must be >= 0 or null"],
  ];
  for (const [name, options, message] of cases) {
    await t.step(name, () => {
      assertThrows(() => estimateF0(signal, options), RangeError, message);
    });
  }
});
