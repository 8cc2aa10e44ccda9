import { assertAlmostEquals, assertEquals, assertLessOrEqual } from "@std/assert";
import {
  besselI0,
  designResampler,
  interpolatorKernel,
  kaiserLowpass,
  PASSBAND_END,
} from "./_resample_design.ts";

const PITCH_UP_RATE = 22050 / 2 ** (-2.5 / 12);
const PITCH_DOWN_RATE = 22050 / 2 ** (2.5 / 12);

Deno.test("designResampler() reproduces libsoxr 0.1.3's HQ plans", async (t) => {
  // From `SOXR_TRACE=3` with soxr_quality_spec(SOXR_HQ, 0): prefilter taps,
  // interpolator taps, and the interpolator cutoff (Fc·phases of its trace).
  const plans: [number, number, number, number | null, number | null][] = [
    [48000, 22050, 445, 14, 0.006153995 * 147],
    [44100, 22050, 389, null, null],
    [16000, 22050, 409, 15, 0.001030531 * 882],
    [22050, 16000, 561, 12, 0.005590233 * 160],
    [PITCH_UP_RATE, 22050, 469, 14, 0.007045522 * 128],
    [PITCH_DOWN_RATE, 22050, 409, 15, 0.0004438127 * 2048],
  ];
  for (const [from, to, prefilterTaps, interpolatorTaps, cutoff] of plans) {
    await t.step(`${from.toFixed(1)} → ${to}`, () => {
      const design = designResampler(from, to);
      assertEquals(design.prefilter.length, prefilterTaps);
      assertEquals(design.interpolator?.taps ?? null, interpolatorTaps);
      if (cutoff !== null) assertAlmostEquals(design.interpolator!.cutoff, cutoff, 1e-5);
    });
  }
});

Deno.test("designResampler() picks the stage structure from the ratio", () => {
  const down = designResampler(48000, 22050);
  assertEquals([down.upFactor, down.decimation, down.step], [1, null, {
    kind: "rational",
    num: 320,
    den: 147,
  }]);
  const half = designResampler(44100, 22050);
  assertEquals([half.upFactor, half.decimation, half.step], [1, 2, null]);
  const double = designResampler(11025, 22050);
  assertEquals([double.upFactor, double.decimation], [2, 1]);
  const pitch = designResampler(PITCH_UP_RATE, 22050);
  assertEquals(pitch.upFactor, 2);
  assertEquals(pitch.step, { kind: "real", step: 2 * PITCH_UP_RATE / 22050 });
});

/** |H(f)| of an FIR at f cycles/sample. */
function magnitude(h: Float64Array, f: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < h.length; i++) {
    re += h[i] * Math.cos(2 * Math.PI * f * i);
    im -= h[i] * Math.sin(2 * Math.PI * f * i);
  }
  return Math.hypot(re, im);
}

Deno.test("designResampler() prefilter is flat to the passband end and meets its attenuation past the lower Nyquist", async (t) => {
  for (const [from, to] of [[48000, 22050], [44100, 22050], [PITCH_DOWN_RATE, 22050]]) {
    await t.step(`${from.toFixed(1)} → ${to}`, () => {
      const { prefilter, stageRate, upFactor, attenuation } = designResampler(from, to);
      const nyquist = Math.min(from, to) / 2;
      let ripple = 0;
      for (let f = 0; f <= PASSBAND_END * nyquist; f += nyquist / 200) {
        ripple = Math.max(
          ripple,
          Math.abs(20 * Math.log10(magnitude(prefilter, f / stageRate) / upFactor)),
        );
      }
      assertLessOrEqual(ripple, 1e-4, `passband ripple ${ripple} dB`);
      let stop = -Infinity;
      for (let f = nyquist; f <= stageRate / 2; f += stageRate / 2000) {
        stop = Math.max(stop, 20 * Math.log10(magnitude(prefilter, f / stageRate) / upFactor));
      }
      // soxr's budget: 126.4 dB for one stage, 132.5 dB when two share it.
      assertLessOrEqual(stop, -attenuation, `stop band peak ${stop} dB`);
    });
  }
});

Deno.test("designResampler() interpolator droops ~0.01 dB at the passband end and rejects images", () => {
  const design = designResampler(48000, 22050);
  const kernel = interpolatorKernel(design.interpolator!);
  // G(f) = ∫ g(τ) e^{−2πifτ} dτ by a fine Riemann sum (g is smooth and compact).
  const gain = (f: number) => {
    let sum = 0;
    for (let tau = -7; tau <= 7; tau += 1 / 512) {
      sum += kernel(tau) * Math.cos(2 * Math.PI * f * tau);
    }
    return 20 * Math.log10(Math.abs(sum / 512));
  };
  const passEnd = PASSBAND_END * 11025 / 48000;
  assertAlmostEquals(gain(0), 0, 1e-5);
  assertAlmostEquals(gain(passEnd), -0.01, 0.003);
  // Images of the signal band sit at 1 − f (stage-rate cycles/sample).
  for (let f = 1 - 11025 / 48000 * 0.97; f <= 1.5; f += 0.01) {
    assertLessOrEqual(gain(f), -120, `image at ${f}`);
  }
});

Deno.test("kaiserLowpass() is symmetric with the requested DC gain", () => {
  const h = kaiserLowpass(101, 0.2, 8, 2);
  for (let i = 0; i < 50; i++) assertEquals(h[i], h[100 - i]);
  // β = 8 leaves ~1e-5 of ripple at DC.
  assertAlmostEquals(h.reduce((s, v) => s + v, 0), 2, 1e-4);
});

Deno.test("besselI0() matches reference values", () => {
  // scipy.special.i0.
  assertEquals(besselI0(0), 1);
  assertAlmostEquals(besselI0(1), 1.2660658777520082, 1e-15);
  assertAlmostEquals(besselI0(10) / 2815.716628466254, 1, 1e-14);
  assertAlmostEquals(besselI0(14.0586) / 136937.29432733756, 1, 1e-14);
});
