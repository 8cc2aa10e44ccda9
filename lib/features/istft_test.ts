import { assertEquals, assertLessOrEqual } from "@std/assert";
import seedrandom from "seedrandom";
import { istft, type IstftOptions } from "./istft.ts";
import { type ComplexSpectrogram, stft } from "./stft.ts";

function randomSpectrogram(nFft: number, nFrames: number, seed: string): ComplexSpectrogram {
  const random = seedrandom.alea(seed);
  const nBins = nFft / 2 + 1;
  const values = () => Float32Array.from({ length: nFrames * nBins }, () => random() - 0.5);
  return { real: values(), imag: values(), nFrames, nBins };
}

/**
 * librosa.istft written out: each frame's inverse DFT by its definition in
 * float64, times the periodic Hann window, overlap-added into float32 with
 * the squared-window sum beside it, then divided where that sum is not tiny.
 */
function naiveIstft(
  spectrogram: ComplexSpectrogram,
  hopLength: number,
  center: boolean,
  length: number,
): Float32Array {
  const { real, imag, nBins } = spectrogram;
  const nFft = 2 * (nBins - 1);
  const pad = center ? nFft / 2 : 0;
  const nFrames = Math.min(spectrogram.nFrames, Math.ceil((length + 2 * pad) / hopLength));
  const cos = Float64Array.from({ length: nFft }, (_, m) => Math.cos((2 * Math.PI * m) / nFft));
  const sin = Float64Array.from({ length: nFft }, (_, m) => Math.sin((2 * Math.PI * m) / nFft));
  const window = Float64Array.from({ length: nFft }, (_, j) => 0.5 - 0.5 * cos[j]);
  const y = new Float32Array(length);
  const windowSum = new Float32Array(length);
  for (let t = 0; t < nFrames; t++) {
    const row = t * nBins;
    for (let j = 0; j < nFft; j++) {
      const i = t * hopLength - pad + j;
      if (i < 0 || i >= length) continue;
      let sample = real[row] + (j % 2 === 0 ? real[row + nBins - 1] : -real[row + nBins - 1]);
      for (let k = 1; k < nBins - 1; k++) {
        const m = (k * j) % nFft;
        sample += 2 * (real[row + k] * cos[m] - imag[row + k] * sin[m]);
      }
      y[i] += window[j] * (sample / nFft);
      windowSum[i] += window[j] * window[j];
    }
  }
  for (let i = 0; i < length; i++) if (windowSum[i] > 1.1754943508222875e-38) y[i] /= windowSum[i];
  return y;
}

function assertClose(got: Float32Array, expected: Float32Array, message: string): void {
  assertEquals(got.length, expected.length, message);
  let peak = 0;
  for (const v of expected) peak = Math.max(peak, Math.abs(v));
  for (let i = 0; i < got.length; i++) {
    const error = Math.abs(got[i] - expected[i]);
    // float32 inverse FFT and overlap-add: a few float32 ulps of the peak
    if (!(error <= 1e-5 * peak)) {
      assertLessOrEqual(error, 1e-5 * peak, `${message}: sample ${i}: ${got[i]} vs ${expected[i]}`);
    }
  }
}

Deno.test("istft() matches librosa's definition below and above PFFFT's size 32", async (t) => {
  for (const nFft of [2, 4, 8, 16, 32, 64, 256]) {
    for (const center of [true, false]) {
      await t.step(`nFft ${nFft}, center ${center}`, () => {
        const hopLength = Math.max(1, nFft / 4);
        const spectrogram = randomSpectrogram(nFft, 12, `istft ${nFft}`);
        const length = nFft + hopLength * 11 - (center ? nFft : 0) - 1;
        assertClose(
          istft(spectrogram, { hopLength, center, length }),
          naiveIstft(spectrogram, hopLength, center, length),
          `nFft ${nFft}`,
        );
      });
    }
  }
});

Deno.test("istft() inverts stft() for nFft below PFFFT's size 32", () => {
  const y = Float32Array.from({ length: 1000 }, (_, n) => Math.sin(n / 3) + 0.5 * Math.cos(n / 7));
  for (const nFft of [8, 16]) {
    const back = istft(stft(y, { nFft, hopLength: nFft / 4 }), {
      hopLength: nFft / 4,
      length: y.length,
    });
    assertClose(back, y, `nFft ${nFft}`);
  }
});

Deno.test("istft() stays right as its window-sum cache fills, evicts and skips long outputs", () => {
  // Shapes the cache keys on: nFft, hop, centring, frame count, length. The first
  // three share nFft, hop and 40 frames: only the length or the centring tells
  // their sums apart.
  const spectrogram = randomSpectrogram(64, 40, "cache");
  const [a, b, c, d, e, f]: IstftOptions[] = [
    { hopLength: 16, length: 600 },
    { hopLength: 16, length: 640 },
    { hopLength: 16, length: 640, center: false },
    { hopLength: 16, length: 300 },
    { hopLength: 8, length: 200 },
    { hopLength: 32, length: 900 },
  ];
  // hits (a again, b again) and, past four shapes, evictions and recomputations
  for (const options of [a, a, b, c, d, b, a, e, f, a, b, c, a, a]) {
    const { hopLength = 512, center = true, length = 0 } = options;
    assertClose(
      istft(spectrogram, options),
      naiveIstft(spectrogram, hopLength, center, length),
      JSON.stringify(options),
    );
  }
  // above 2^20 samples a window sum is not kept: computed each time, still right
  const long = randomSpectrogram(16, 2 ** 17 + 2, "long");
  const length = 2 ** 20 + 8;
  const expected = naiveIstft(long, 8, true, length);
  for (let round = 0; round < 2; round++) {
    assertClose(istft(long, { hopLength: 8, length }), expected, `long, round ${round}`);
  }
});
