import { DEFAULT_CONFIG } from "../config/mod.ts";
import { istft } from "../features/istft.ts";
import { type ComplexSpectrogram, stft } from "../features/stft.ts";

/** Options of {@linkcode timeStretch} and {@linkcode phaseVocoder}. */
export interface TimeStretchOptions {
  /** FFT size. @default {2048} */
  nFft?: number;
  /** Hop in samples. @default {512} (nFft / 4) */
  hopLength?: number;
}

const f32 = Math.fround;

// Why the vocoder does not simply call Math.hypot/atan2/cos/sin: in V8 each
// costs 30-50 ns, a 3 s clip needs ~550 000 of them, and they made the
// vocoder 17 of the 27 ms a pitch shift took. Below, sqrt and fdlibm's atan,
// sin and cos kernels (s_atan.c, e_rem_pio2.c, k_sin.c, k_cos.c) give
// float64 results within 4 ulp of Math.* (measured against Math.* on 10^7
// to 2·10^7 random float32 arguments each, near the diagonals and the
// reduction threshold for atan2, and for sin/cos on every float32 within
// 3 ulp of a multiple of pi/2 below 2^19·pi/2, where |r| ≥ 4e-9 keeps the
// reduction's absolute error of ~1e-30 negligible). A fast result is used only when its float32
// rounding is certain: when x·(1 − 2^-46) and x·(1 + 2^-46) round to the
// same float32, Math.*'s result, also within a few ulp, rounds to it too.
// Otherwise (about once per million values) Math.* is called. So every
// float32 the vocoder computes is bit-identical to rounding Math.*'s
// result, which is what the librosa parity was measured with. The code is
// inline in the loops because V8 does not inline helpers this large, and a
// call per bin would cost as much as the maths.

/** Relative error bound, with a 64-fold margin, of the fast paths and of Math.*. */
const CERTAIN = 2 ** -46;
/** (x + ROUNDER) − ROUNDER rounds |x| < 2^51 to an integer, halves to even, as np.round. */
const ROUNDER = 6755399441055744; // 1.5 · 2^52

// s_atan.c's polynomial, valid for |t| ≤ 7/16: atan t ≈ t − t·(odd + even).
const AT0 = 3.33333333333329318027e-01;
const AT1 = -1.99999999998764832476e-01;
const AT2 = 1.42857142725034663711e-01;
const AT3 = -1.11111104054623557880e-01;
const AT4 = 9.09088713343650656196e-02;
const AT5 = -7.69187620504482999495e-02;
const AT6 = 6.66107313738753120669e-02;
const AT7 = -5.83357013379057348645e-02;
const AT8 = 4.97687799461593236017e-02;
const AT9 = -3.65315727442169155270e-02;
const AT10 = 1.62858201153657823623e-02;
/** Above tan(pi/8), atan(lo/hi) = pi/4 + atan((lo − hi)/(lo + hi)), whose argument is ≥ −tan(pi/8). */
const TAN_PI_8 = 0.41421356237309503;
/**
 * atan2(im, re) = OCTANT_OFFSET[o] + OCTANT_SIGN[o]·atan(t) with
 * o = (t reduced by pi/4) | (|im| > |re|) << 1 | (re < 0) << 2 | (im < 0) << 3:
 * a table instead of branches, which a spectrum's random signs would mispredict.
 */
const OCTANT_OFFSET = new Float64Array(16);
const OCTANT_SIGN = new Float64Array(16);
for (let octant = 0; octant < 16; octant++) {
  let offset = octant & 1 ? Math.PI / 4 : 0;
  let sign = 1;
  if (octant & 2) [offset, sign] = [Math.PI / 2 - offset, -sign];
  if (octant & 4) [offset, sign] = [Math.PI - offset, -sign];
  if (octant & 8) [offset, sign] = [-offset, -sign];
  OCTANT_OFFSET[octant] = offset;
  OCTANT_SIGN[octant] = sign;
}

// e_rem_pio2.c's medium-argument reduction: phase = quadrant·pi/2 + r.
const TWO_OVER_PI = 2 / Math.PI;
const PIO2_1 = 1.57079632673412561417e+00; // first 33 bits of pi/2: quadrant·PIO2_1 is exact
const PIO2_2 = 6.07710050630396597660e-11; // next 33 bits
const PIO2_2T = 2.02226624879595063154e-21; // pi/2 − PIO2_1 − PIO2_2
/** Quadrants from here on go to Math.cos/sin (the reduction was validated below it). */
const MAX_QUADRANT = 2 ** 19;
// k_sin.c and k_cos.c on |r| ≤ pi/4.
const S1 = -1.66666666666666324348e-01;
const S2 = 8.33333333332248946124e-03;
const S3 = -1.98412698298579493134e-04;
const S4 = 2.75573137070700676789e-06;
const S5 = -2.50507602534068634195e-08;
const S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-02;
const C2 = -1.38888888888741095749e-03;
const C3 = 2.48015872894767294178e-05;
const C4 = -2.75573143513906633035e-07;
const C5 = 2.08757232129817482790e-09;
const C6 = -1.13596475577881948265e-11;
/** cos(q·pi/2 + r) = COS_SIGN[q]·(q odd ? sin r : cos r); sin likewise with the other one. */
const COS_SIGN = Float64Array.of(1, -1, -1, 1);
const SIN_SIGN = Float64Array.of(1, 1, -1, -1);

/**
 * Magnitude and angle of a bin the fast path leaves out (a zero, an axis,
 * a non-finite value, an uncertain rounding), straight from Math.
 */
function polarExactly(
  re: number,
  im: number,
  magnitude: Float32Array,
  angle: Float32Array,
  index: number,
): void {
  magnitude[index] = Math.hypot(re, im);
  angle[index] = Math.atan2(im, re);
}

/**
 * Phase vocoder as `librosa.phase_vocoder` 0.10: for output frame t, read
 * the input at time step t·rate, interpolate magnitudes linearly between
 * the two neighbouring frames and advance the phase by each bin's measured
 * advance. The phase accumulates in float32 and the other arithmetic follows
 * numpy's float32/float64 promotions, so the result matches librosa closely.
 *
 * @param spectrogram Complex STFT, frame-major [nFrames, nBins].
 * @param rate Speed-up factor > 0 (> 1 is faster).
 * @param hopLength Hop the STFT was made with. @default {(nBins − 1) / 2}
 * @returns Stretched complex STFT, [ceil(nFrames / rate), nBins].
 */
export function phaseVocoder(
  spectrogram: ComplexSpectrogram,
  rate: number,
  hopLength: number = (spectrogram.nBins - 1) / 2,
): ComplexSpectrogram {
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new RangeError(`Cannot run phase vocoder as rate must be > 0: current value is ${rate}`);
  }
  const { real, imag, nBins, nFrames } = spectrogram;
  const outFrames = Math.ceil(nFrames / rate);
  const outReal = new Float32Array(outFrames * nBins);
  const outImag = new Float32Array(outFrames * nBins);
  // Per-frame magnitude and angle in float32, as np.abs / np.angle of complex64.
  const magnitude = new Float32Array((nFrames + 2) * nBins); // two zero frames of padding
  const angle = new Float32Array((nFrames + 2) * nBins);
  const pair = new Float64Array(2);
  for (let i = 0; i < nFrames * nBins; i++) {
    const re = real[i];
    const im = imag[i];
    if (re === 0 || im === 0) {
      // digital silence, +0 + 0i, is common: angle 0; signed zeros and axes go to Math
      if (Object.is(re, 0) && Object.is(im, 0)) continue;
      polarExactly(re, im, magnitude, angle, i);
      continue;
    }
    // float32 squares are exact in float64, so this is hypot to within 1.5 ulp
    const hypot = Math.sqrt(re * re + im * im);
    const hypot32 = f32(hypot - hypot * CERTAIN);
    const ax = Math.abs(re);
    const ay = Math.abs(im);
    // lo = min, hi = max, picked by index: a branch on random signs mispredicts half the time
    const swap = +(ay > ax);
    pair[0] = ay;
    pair[1] = ax;
    const lo = pair[swap];
    const hi = pair[swap ^ 1];
    const reduced = +(lo > TAN_PI_8 * hi);
    // reduced ? (lo − hi)/(lo + hi) : lo/hi, with one division; the sums of float32 values are exact
    const t = (lo - reduced * hi) / (hi + reduced * lo);
    const z = t * t;
    const w = z * z;
    const odd = z * (AT0 + w * (AT2 + w * (AT4 + w * (AT6 + w * (AT8 + w * AT10)))));
    const even = w * (AT1 + w * (AT3 + w * (AT5 + w * (AT7 + w * AT9))));
    const octant = reduced | (swap << 1) | (+(re < 0) << 2) | (+(im < 0) << 3);
    const atan2 = OCTANT_OFFSET[octant] + OCTANT_SIGN[octant] * (t - t * (odd + even));
    const margin = atan2 * CERTAIN;
    const atan232 = f32(atan2 - margin);
    if (hypot32 !== f32(hypot + hypot * CERTAIN) || atan232 !== f32(atan2 + margin)) {
      polarExactly(re, im, magnitude, angle, i);
      continue;
    }
    magnitude[i] = hypot32;
    angle[i] = atan232;
  }
  const phiAdvance = new Float64Array(nBins); // np.linspace(0, pi * hop, nBins)
  const step = (Math.PI * hopLength) / (nBins - 1);
  for (let k = 0; k < nBins; k++) phiAdvance[k] = k * step;
  phiAdvance[nBins - 1] = Math.PI * hopLength;
  const phase = angle.slice(0, nBins); // float32 accumulator
  const twoPi = 2 * Math.PI;
  const cosSin = new Float64Array(2); // cos r, sin r: picked by index, not by a branch
  for (let t = 0; t < outFrames; t++) {
    const time = t * rate; // np.arange(0, nFrames, rate)
    const left = Math.floor(time) * nBins;
    const right = left + nBins;
    const alpha = time % 1;
    const wLeft = f32(1 - alpha);
    const wRight = f32(alpha);
    const out = t * nBins;
    for (let k = 0; k < nBins; k++) {
      const mag = f32(f32(wLeft * magnitude[left + k]) + f32(wRight * magnitude[right + k]));
      // mag · (cos φ + i sin φ) in complex64: float32 cos and sin, then float32 products
      const phi = phase[k];
      const quadrant = (phi * TWO_OVER_PI + ROUNDER) - ROUNDER;
      const r = ((phi - quadrant * PIO2_1) - quadrant * PIO2_2) - quadrant * PIO2_2T;
      const z = r * r;
      cosSin[0] = 1 - 0.5 * z + z * z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
      cosSin[1] = r + r * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
      const q = quadrant & 3;
      const cos = COS_SIGN[q] * cosSin[q & 1];
      const sin = SIN_SIGN[q] * cosSin[(q & 1) ^ 1];
      const cosMargin = cos * CERTAIN; // the sign does not matter: ± both ways
      const sinMargin = sin * CERTAIN;
      let cos32 = f32(cos - cosMargin);
      let sin32 = f32(sin - sinMargin);
      if (
        cos32 !== f32(cos + cosMargin) || sin32 !== f32(sin + sinMargin) ||
        !(Math.abs(quadrant) < MAX_QUADRANT) || phi === 0 // ±0: keep Math.sin's signed zero
      ) {
        cos32 = f32(Math.cos(phi));
        sin32 = f32(Math.sin(phi));
      }
      outReal[out + k] = cos32 * mag; // the float32 store rounds the product
      outImag[out + k] = sin32 * mag;
      let dphase = f32(angle[right + k] - angle[left + k]) - phiAdvance[k];
      dphase -= twoPi * ((dphase / twoPi + ROUNDER) - ROUNDER); // np.round
      phase[k] = phi + (phiAdvance[k] + dphase); // stored back as float32
    }
  }
  return { real: outReal, imag: outImag, nBins, nFrames: outFrames };
}

/** numpy.round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Time-stretches a signal by `rate` without changing its pitch, as
 * `librosa.effects.time_stretch`: STFT, {@linkcode phaseVocoder}, inverse
 * STFT to round(n / rate) samples.
 *
 * @param signal Samples, shape [n].
 * @param rate Speed-up factor > 0.
 * @param options FFT size and hop.
 * @returns Samples, shape [round(n / rate)].
 *
 * @example Half speed doubles the length
 * ```ts
 * import { timeStretch } from "./time_stretch.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const y = Float32Array.from({ length: 22050 }, (_, n) => Math.sin(n / 8));
 * assertEquals(timeStretch(y, 0.5).length, 44100);
 * ```
 */
export function timeStretch(
  signal: Float32Array,
  rate: number,
  options: TimeStretchOptions = {},
): Float32Array {
  const {
    nFft = DEFAULT_CONFIG.features.nFft,
    hopLength = Math.floor(nFft / 4),
  } = options;
  const spectrogram = stft(signal, { nFft, hopLength });
  const stretched = phaseVocoder(spectrogram, rate, hopLength);
  return istft(stretched, { hopLength, length: roundHalfEven(signal.length / rate) });
}
