import seedrandom from "seedrandom";
import { DEFAULT_CONFIG } from "../config/mod.ts";

/** Options of {@linkcode addWhiteNoise}. */
export interface WhiteNoiseOptions {
  /** Amplitude as a fraction of the peak, times U(0,1) per clip. @default {0.035} */
  noiseFactor?: number;
  /** Seed of the generator; the same seed gives the same noise. @default {42} */
  seed?: number;
}

/**
 * Adds Gaussian white noise of amplitude noiseFactor · U(0,1) · peak, the
 * common SER recipe (`0.035 * np.random.uniform() * np.amax(x)`), here with
 * the absolute peak and a seeded generator (seedrandom's Alea, so the same
 * seed gives byte-identical output on every machine and worker).
 *
 * @param signal Samples, shape [n].
 * @param options Factor and seed.
 * @returns New samples, shape [n].
 *
 * @example Same seed, same noise
 * ```ts
 * import { addWhiteNoise } from "./white_noise.ts";
 * import { assertEquals, assertNotEquals } from "@std/assert";
 *
 * const y = new Float32Array(100).fill(0.5);
 * assertEquals(addWhiteNoise(y, { seed: 1 }), addWhiteNoise(y, { seed: 1 }));
 * assertNotEquals(addWhiteNoise(y, { seed: 1 }), addWhiteNoise(y, { seed: 2 }));
 * ```
 */
export function addWhiteNoise(signal: Float32Array, options: WhiteNoiseOptions = {}): Float32Array {
  const { noiseFactor = DEFAULT_CONFIG.augment.noiseFactor, seed = DEFAULT_CONFIG.augment.seed } =
    options;
  if (!(noiseFactor >= 0)) {
    throw new RangeError(
      `Cannot add white noise as noiseFactor must be >= 0: current value is ${noiseFactor}`,
    );
  }
  const random = seedrandom.alea(String(seed));
  let peak = 0;
  for (let i = 0; i < signal.length; i++) peak = Math.max(peak, Math.abs(signal[i]));
  const amplitude = noiseFactor * random() * peak;
  const out = new Float32Array(signal.length);
  for (let i = 0; i < signal.length; i += 2) {
    // Box-Muller: two standard normals per pair of uniforms
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    out[i] = signal[i] + amplitude * radius * Math.cos(angle);
    if (i + 1 < signal.length) out[i + 1] = signal[i + 1] + amplitude * radius * Math.sin(angle);
  }
  return out;
}
