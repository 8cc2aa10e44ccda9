import { assert, assertEquals, assertLessOrEqual, assertThrows } from "@std/assert";
import seedrandom from "seedrandom";
import { InverseRealFft32, InverseRealFft64, RealFft32, RealFft64 } from "./_real_fft.ts";

/**
 * Error bounds relative to the largest value a bin (or an inverse's sample)
 * can reach, sqrt(size · energy) by Cauchy–Schwarz. Measured: ≤ 2e-16 for
 * the float64 classes and ≤ 5e-8 for PFFFT's float32 ones, sizes 2-2048,
 * so a wrong twiddle, sign or bin order (an O(1) error) cannot pass.
 */
const FLOAT64_TOLERANCE = 1e-12;
const FLOAT32_TOLERANCE = 1e-6;

const SIZES = [2, 4, 8, 16, 32, 64, 256, 2048];
/** PFFFT's SIMD build needs a multiple of 32. */
const PFFFT_SIZES = SIZES.filter((size) => size >= 32);

/** cos and sin of 2πm/size for m < size: exact periodicity, so the naive sums stay accurate. */
function twiddles(size: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(size);
  const sin = new Float64Array(size);
  for (let m = 0; m < size; m++) {
    cos[m] = Math.cos((2 * Math.PI * m) / size);
    sin[m] = Math.sin((2 * Math.PI * m) / size);
  }
  return { cos, sin };
}

/** Bins 0..size/2 of Σ_j x[j]·e^{−2πikj/size}, in float64 the O(n²) way. */
function naiveDft(x: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const size = x.length;
  const { cos, sin } = twiddles(size);
  const re = new Float64Array(size / 2 + 1);
  const im = new Float64Array(size / 2 + 1);
  for (let k = 0; k <= size / 2; k++) {
    let sumRe = 0;
    let sumIm = 0;
    for (let j = 0; j < size; j++) {
      const m = (k * j) % size;
      sumRe += x[j] * cos[m];
      sumIm -= x[j] * sin[m];
    }
    re[k] = sumRe;
    im[k] = sumIm;
  }
  return { re, im };
}

/**
 * size · irfft: Σ_k X[k]·e^{2πikj/size} over the Hermitian extension of bins
 * 0..size/2, whose imaginary parts at 0 and size/2 do not count.
 */
function naiveInverseDft(re: ArrayLike<number>, im: ArrayLike<number>, size: number): Float64Array {
  const { cos, sin } = twiddles(size);
  const half = size / 2;
  const x = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    let sum = re[0] + (j % 2 === 0 ? re[half] : -re[half]);
    for (let k = 1; k < half; k++) {
      const m = (k * j) % size;
      sum += 2 * (re[k] * cos[m] - im[k] * sin[m]);
    }
    x[j] = sum;
  }
  return x;
}

function energy(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return sum;
}

/** Frames a forward transform must get right, each of `size` samples (float32 values). */
function forwardInputs(size: number, seed: string): [string, Float32Array][] {
  const random = seedrandom.alea(seed);
  const impulseAt = (p: number) => Float32Array.from({ length: size }, (_, j) => (j === p ? 1 : 0));
  return [
    ["random", Float32Array.from({ length: size }, () => random() - 0.5)],
    // 60 dB of dynamic range: quiet samples must not drown in the loud ones' rounding
    [
      "random, wide range",
      Float32Array.from({ length: size }, () => (random() - 0.5) * 10 ** (3 * random())),
    ],
    ["impulse at 0", impulseAt(0)],
    ["impulse at an odd position", impulseAt(size - 1)],
    ["DC", new Float32Array(size).fill(1)],
    ["Nyquist", Float32Array.from({ length: size }, (_, j) => (j % 2 === 0 ? 1 : -1))],
    [
      "cosine of bin 1",
      Float32Array.from({ length: size }, (_, j) => Math.cos((2 * Math.PI * j) / size)),
    ],
  ];
}

/** Asserts interleaved bins [re₀, im₀, …] match the naive DFT within `tolerance`·sqrt(size·energy). */
function assertMatchesDft(
  spectrum: Float32Array | Float64Array,
  x: Float32Array,
  tolerance: number,
): void {
  const size = x.length;
  const reference = naiveDft(x);
  const bound = tolerance * Math.sqrt(size * energy(x));
  for (let k = 0; k <= size / 2; k++) {
    const errorRe = Math.abs(spectrum[2 * k] - reference.re[k]);
    const errorIm = Math.abs(spectrum[2 * k + 1] - reference.im[k]);
    if (!(errorRe <= bound && errorIm <= bound)) {
      assertLessOrEqual(
        Math.max(errorRe, errorIm),
        bound,
        `bin ${k}: got ${spectrum[2 * k]} + ${spectrum[2 * k + 1]}i, ` +
          `expected ${reference.re[k]} + ${reference.im[k]}i`,
      );
    }
  }
}

/** A random half spectrum with imaginary parts at DC and Nyquist too (to be ignored). */
function randomHalfSpectrum(size: number, seed: string): { re: Float32Array; im: Float32Array } {
  const random = seedrandom.alea(seed);
  const nBins = size / 2 + 1;
  return {
    re: Float32Array.from({ length: nBins }, () => random() - 0.5),
    im: Float32Array.from({ length: nBins }, () => random() - 0.5),
  };
}

/** Half spectra an inverse transform must get right. */
function inverseInputs(size: number, seed: string): [string, Float32Array, Float32Array][] {
  const nBins = size / 2 + 1;
  const only = (bin: number, re: number, im: number): [Float32Array, Float32Array] => {
    const real = new Float32Array(nBins);
    const imag = new Float32Array(nBins);
    real[bin] = re;
    imag[bin] = im;
    return [real, imag];
  };
  const random = randomHalfSpectrum(size, seed);
  const wide = randomHalfSpectrum(size, `${seed} wide`);
  const scales = seedrandom.alea(`${seed} scales`);
  for (let k = 0; k < nBins; k++) {
    const scale = 10 ** (3 * scales());
    wide.re[k] *= scale;
    wide.im[k] *= scale;
  }
  const cases: [string, Float32Array, Float32Array][] = [
    ["random", random.re, random.im],
    ["random, wide range", wide.re, wide.im],
    ["DC only, with an imaginary part to ignore", ...only(0, 1, 0.75)],
    ["Nyquist only, with an imaginary part to ignore", ...only(size / 2, 1, -0.5)],
  ];
  if (size >= 4) cases.push(["one complex bin", ...only(1, 0.25, -1)]);
  if (size >= 8) cases.push(["one complex bin below Nyquist", ...only(size / 2 - 1, -1, 0.5)]);
  return cases;
}

/**
 * Asserts `transform(real, imag, offset)` reads its bins at `offset` (the
 * bins of frame 2 of 4, the others filled with values that must not leak
 * in) and matches the naive inverse DFT within `tolerance`·sqrt(size·Σ|X|²).
 */
function assertMatchesInverseDft(
  inverse: InverseRealFft32 | InverseRealFft64,
  re: Float32Array,
  im: Float32Array,
  tolerance: number,
): void {
  const size = inverse.size;
  const nBins = size / 2 + 1;
  const real = new Float32Array(4 * nBins).fill(1e6);
  const imag = new Float32Array(4 * nBins).fill(-1e6);
  real.set(re, 2 * nBins);
  imag.set(im, 2 * nBins);
  const got = inverse.transform(real, imag, 2 * nBins);
  assertEquals(got.length, size);
  const reference = naiveInverseDft(re, im, size);
  // Parseval over the full Hermitian spectrum: bins 1..size/2−1 count twice, DC and Nyquist are real
  let spectrumEnergy = re[0] ** 2 + re[size / 2] ** 2;
  for (let k = 1; k < size / 2; k++) spectrumEnergy += 2 * (re[k] ** 2 + im[k] ** 2);
  const bound = tolerance * Math.sqrt(size * spectrumEnergy);
  for (let j = 0; j < size; j++) {
    const error = Math.abs(got[j] - reference[j]);
    if (!(error <= bound)) {
      assertLessOrEqual(error, bound, `sample ${j}: got ${got[j]}, expected ${reference[j]}`);
    }
  }
}

/** Index of the first value that is not exactly +0, or −1. */
function firstNotPositiveZero(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Object.is(values[i], 0)) return i;
  return -1;
}

Deno.test("RealFft64.transform() matches a float64 DFT", async (t) => {
  for (const size of SIZES) {
    const fft = new RealFft64(size);
    for (const [name, x] of forwardInputs(size, `forward ${size}`)) {
      await t.step(`size ${size}: ${name}`, () => {
        fft.input.set(x);
        const spectrum = fft.transform();
        assert(spectrum.length >= size + 2, `spectrum holds ${spectrum.length} values`);
        assertMatchesDft(spectrum, x, FLOAT64_TOLERANCE);
      });
    }
  }
});

Deno.test("RealFft64.transform() gives exactly +0 for an all-zero frame, after any frame", async (t) => {
  for (const size of SIZES) {
    await t.step(`size ${size}`, () => {
      const fft = new RealFft64(size);
      fft.input.set(forwardInputs(size, "before zero")[0][1]); // a previous frame must leave nothing behind
      fft.transform();
      fft.input.fill(0);
      const spectrum = fft.transform().subarray(0, size + 2);
      assertEquals(firstNotPositiveZero(spectrum), -1, `bins: ${spectrum.join(", ")}`);
    });
  }
});

Deno.test("RealFft64.transform() never gives a −0 real part", async (t) => {
  const random = seedrandom.alea("signed zeros");
  for (const size of SIZES) {
    const fft = new RealFft64(size);
    const frames: [string, Float32Array][] = [
      ["all −0", new Float32Array(size).fill(-0)],
      ["±0 mixed", Float32Array.from({ length: size }, () => (random() < 0.5 ? -0 : 0))],
      [
        "−0 and small negatives",
        Float32Array.from({ length: size }, () => (random() < 0.5 ? -0 : -1e-30)),
      ],
    ];
    for (const [name, x] of frames) {
      // size 2 goes through fft.js's realTransform, which keeps −0 + −0 = −0 in bin 0
      // (the class does not add + 0 there); no caller uses an FFT of size 2
      await t.step({
        name: `size ${size}: ${name}`,
        ignore: size === 2,
        fn: () => {
          fft.input.set(x);
          const spectrum = fft.transform();
          for (let k = 0; k <= size / 2; k++) {
            assert(!Object.is(spectrum[2 * k], -0), `bin ${k} has real part −0`);
          }
        },
      });
    }
  }
});

Deno.test("RealFft32.transform() matches a float64 DFT to float32 precision", async (t) => {
  for (const size of PFFFT_SIZES) {
    const fft = new RealFft32(size);
    for (const [name, x] of forwardInputs(size, `forward ${size}`)) {
      await t.step(`size ${size}: ${name}`, () => {
        fft.input.set(x);
        const spectrum = fft.transform();
        assertEquals(spectrum.length, size + 2);
        assertMatchesDft(spectrum, x, FLOAT32_TOLERANCE);
      });
    }
  }
});

Deno.test("RealFft32.transform() gives zeros for an all-zero frame", () => {
  for (const size of PFFFT_SIZES) {
    const fft = new RealFft32(size);
    fft.input.set(forwardInputs(size, "before zero")[0][1]);
    fft.transform();
    fft.input.fill(0);
    const spectrum = fft.transform();
    // === 0, not Object.is: PFFFT gives some −0 imaginary parts, harmless for the
    // magnitudes this class serves (the phase vocoder's STFT takes RealFft64)
    assert(spectrum.every((v) => v === 0), `size ${size}: ${spectrum.join(", ")}`);
  }
});

Deno.test("InverseRealFft64.transform() matches a float64 inverse DFT", async (t) => {
  for (const size of SIZES) {
    const inverse = new InverseRealFft64(size);
    for (const [name, re, im] of inverseInputs(size, `inverse ${size}`)) {
      await t.step(`size ${size}: ${name}`, () => {
        assertMatchesInverseDft(inverse, re, im, FLOAT64_TOLERANCE);
      });
    }
  }
});

Deno.test("InverseRealFft32.transform() matches a float64 inverse DFT to float32 precision", async (t) => {
  for (const size of PFFFT_SIZES) {
    const inverse = new InverseRealFft32(size);
    for (const [name, re, im] of inverseInputs(size, `inverse ${size}`)) {
      await t.step(`size ${size}: ${name}`, () => {
        assertMatchesInverseDft(inverse, re, im, FLOAT32_TOLERANCE);
      });
    }
  }
});

Deno.test("InverseRealFft64 and InverseRealFft32 give zeros for an all-zero spectrum", () => {
  for (const size of SIZES) {
    const nBins = size / 2 + 1;
    const inverses = size >= 32
      ? [new InverseRealFft64(size), new InverseRealFft32(size)]
      : [new InverseRealFft64(size)];
    for (const inverse of inverses) {
      const { re, im } = randomHalfSpectrum(size, "before zero");
      inverse.transform(re, im, 0);
      const samples = inverse.transform(new Float32Array(nBins), new Float32Array(nBins), 0);
      // === 0: InverseRealFft64 gives −0 in odd samples, which istft's overlap-add
      // into +0 turns into +0 (its all-zero test is in lib/augment/time_stretch_test.ts)
      assert(samples.every((v) => v === 0), `${inverse.constructor.name} size ${size}`);
    }
  }
});

Deno.test("InverseRealFft64 rejects a size that is not a power of two >= 2", () => {
  for (const size of [0, 1, 3, 6, 2.5, -4, NaN]) {
    assertThrows(
      () => new InverseRealFft64(size),
      RangeError,
      `size must be a power of two >= 2: current value is ${size}`,
    );
  }
});
