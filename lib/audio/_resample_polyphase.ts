/**
 * The resampler's second stage: reads the prefiltered signal z (stage
 * rate) at the output times with the short interpolator kernel g of
 * `_resample_design.ts`:
 *
 *   y[n] = Σᵢ z[k − (W/2 − 1) + i] · g(t − (k − (W/2 − 1) + i)),
 *   t = n·step, k = ⌊t⌋, i = 0 … W − 1,
 *
 * where W = 2·⌈taps/2⌉ positions cover the kernel's support for every
 * fractional t. Coefficients come from a table of phases: exact phases for
 * rational steps, or a dense table interpolated linearly otherwise (as
 * resampy and soxr's irrational path do). Rows are zero-padded to a
 * multiple of 4 floats for the SIMD kernels of `_resample_kernels.wat`.
 *
 * The two loops here are the plain-JS definition of those kernels, which
 * the tests compare them with; serlab runs the WASM ones (the JS loops take
 * ~0.7 ms for 66150 outputs of 14 taps, ~1.5 ms with interpolated phases).
 *
 * @module
 */
import { type InterpolatorDesign, interpolatorKernel, TABLE_PHASES } from "./_resample_design.ts";

/** Interpolator coefficients by phase. */
export interface PhaseTable {
  /** Row-major rows of `stride` floats; see `interpolated`. */
  data: Float32Array;
  /** Phases per stage sample. */
  phases: number;
  /** Floats per row: W rounded up to a multiple of 4, zero-padded. */
  stride: number;
  /** The first tap of an output at stage time t sits at ⌊t⌋ − first (first = W/2 − 1). */
  first: number;
  /** False: one row per phase. True: per phase, a coefficient row then a difference row to the next phase. */
  interpolated: boolean;
}

/** Kernel positions read per output: even, covering (−taps/2, taps/2) at any phase. */
export function windowWidth(design: InterpolatorDesign): number {
  return 2 * Math.ceil(design.taps / 2);
}

/** Phase rows: row j holds the coefficients for fractional time j/phases (rows may go past 1). */
function phaseRows(
  design: InterpolatorDesign,
  phases: number,
  rowCount: number,
  stride: number,
): Float64Array {
  const kernel = interpolatorKernel(design);
  const width = windowWidth(design);
  const first = width / 2 - 1;
  const rows = new Float64Array(rowCount * stride);
  for (let j = 0; j < rowCount; j++) {
    for (let i = 0; i < width; i++) rows[j * stride + i] = kernel(j / phases + first - i);
  }
  return rows;
}

/**
 * Exact phases j/phases for a rational step with `phases` as denominator.
 *
 * @param design The interpolator.
 * @param phases Denominator of the step.
 * @returns The table, [phases, stride].
 */
export function exactTable(design: InterpolatorDesign, phases: number): PhaseTable {
  const width = windowWidth(design);
  const stride = Math.ceil(width / 4) * 4;
  return {
    data: Float32Array.from(phaseRows(design, phases, phases, stride)),
    phases,
    stride,
    first: width / 2 - 1,
    interpolated: false,
  };
}

/**
 * Dense phases for a real step: for each of TABLE_PHASES phases j, the
 * coefficients of phase j/P then the differences to phase (j + 1)/P.
 *
 * @param design The interpolator.
 * @returns The table, [P, 2·stride].
 */
export function interpolatedTable(design: InterpolatorDesign): PhaseTable {
  const width = windowWidth(design);
  const stride = Math.ceil(width / 4) * 4;
  const rows = phaseRows(design, TABLE_PHASES, TABLE_PHASES + 1, stride);
  const data = new Float32Array(TABLE_PHASES * 2 * stride);
  for (let j = 0; j < TABLE_PHASES; j++) {
    for (let i = 0; i < stride; i++) {
      const a = rows[j * stride + i];
      data[2 * j * stride + i] = a;
      data[(2 * j + 1) * stride + i] = rows[(j + 1) * stride + i] - a;
    }
  }
  return { data, phases: TABLE_PHASES, stride, first: width / 2 - 1, interpolated: true };
}

/**
 * y[n] for n < count at t = n·num/den, reading z with t = 0 at `origin`.
 *
 * @param z Prefiltered signal; z[origin + m] is stage sample m, zeros before 0.
 * @param origin Index of stage sample 0 in z (≥ table.first).
 * @param table From {@linkcode exactTable} with den phases.
 * @param num Step numerator.
 * @param den Step denominator.
 * @param out Destination, y[n] at out[n].
 * @param count Outputs to compute.
 */
export function interpolateExact(
  z: Float32Array,
  origin: number,
  table: PhaseTable,
  num: number,
  den: number,
  out: Float32Array,
  count: number,
): void {
  const { data, stride } = table;
  const whole = Math.floor(num / den);
  const rest = num % den;
  let k = origin - table.first;
  let phase = 0;
  for (let n = 0; n < count; n++) {
    const w = phase * stride;
    let sum = 0;
    for (let i = 0; i < stride; i++) sum += z[k + i] * data[w + i];
    out[n] = sum;
    k += whole;
    phase += rest;
    if (phase >= den) {
      phase -= den;
      k++;
    }
  }
}

/**
 * soxr keeps time as 32.32 fixed point (HQ does not ask for its
 * high-precision clock), so its step is the true step rounded to 2⁻³²; we
 * step the same clock, exactly, so long outputs drift as soxr's do.
 *
 * @param step Stage samples per output.
 * @returns The whole part and the fraction in units of 2⁻³².
 */
export function fixedPointStep(step: number): { whole: number; fraction: number } {
  const fixed = Math.round(step * FRACTION_ONE);
  const whole = Math.floor(fixed / FRACTION_ONE);
  return { whole, fraction: fixed - whole * FRACTION_ONE };
}

/**
 * y[n] for n < count at t = n·step on soxr's 32.32 clock, coefficients
 * interpolated linearly between the table's phases: the fraction's top
 * log2(TABLE_PHASES) bits pick the phase, the rest weigh the difference.
 *
 * @param z Prefiltered signal; z[origin + m] is stage sample m, zeros before 0.
 * @param origin Index of stage sample 0 in z (≥ table.first).
 * @param table From {@linkcode interpolatedTable}.
 * @param step Stage samples per output.
 * @param out Destination, y[n] at out[n].
 * @param count Outputs to compute.
 */
export function interpolateReal(
  z: Float32Array,
  origin: number,
  table: PhaseTable,
  step: number,
  out: Float32Array,
  count: number,
): void {
  const { data, stride } = table;
  const { whole, fraction: stepFraction } = fixedPointStep(step);
  let k = origin - table.first;
  let fraction = 0; // in units of 2⁻³², < 2³²
  for (let n = 0; n < count; n++) {
    const w = (fraction >>> PHASE_SHIFT) * 2 * stride;
    const mix = (fraction & PHASE_MASK) / PHASE_SPAN;
    let a = 0;
    let d = 0;
    for (let i = 0; i < stride; i++) {
      const v = z[k + i];
      a += v * data[w + i];
      d += v * data[w + stride + i];
    }
    out[n] = a + mix * d;
    k += whole;
    fraction += stepFraction;
    if (fraction >= FRACTION_ONE) {
      fraction -= FRACTION_ONE;
      k++;
    }
  }
}

const FRACTION_ONE = 2 ** 32;
/** log2 of the interpolated table's phase count. */
export const PHASE_BITS = Math.log2(TABLE_PHASES);
const PHASE_SHIFT = 32 - PHASE_BITS;
const PHASE_SPAN = 2 ** PHASE_SHIFT;
const PHASE_MASK = PHASE_SPAN - 1;

/**
 * Length of z, from index 0, that outputs 0 … count − 1 read: origin plus
 * stage samples up to the last output's last tap (rounded clock included).
 *
 * @param table The phase table.
 * @param origin Index of stage sample 0 in z.
 * @param step Stage samples per output.
 * @param count Outputs.
 * @returns The length.
 */
export function stageLength(
  table: PhaseTable,
  origin: number,
  step: number,
  count: number,
): number {
  if (count === 0) return origin;
  return origin - table.first + Math.floor((count - 1) * step) + 1 + table.stride + 1;
}
