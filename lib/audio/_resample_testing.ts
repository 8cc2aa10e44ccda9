/**
 * Test helpers shared by the resampler's internal tests.
 *
 * @module
 */

/**
 * A band-limited test signal at the stage rate (0.048 and 0.175
 * cycles/sample), zero before stage sample 0 at `origin`.
 *
 * @param length Floats.
 * @param origin Index of stage sample 0.
 * @returns The signal.
 */
export function stageSignal(length: number, origin: number): Float32Array {
  const z = new Float32Array(length);
  for (let m = 0; m < length - origin; m++) {
    z[origin + m] = 0.4 * Math.sin(0.3 * m) + 0.3 * Math.sin(1.1 * m + 0.5);
  }
  return z;
}
