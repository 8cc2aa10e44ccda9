import { DEFAULT_CONFIG } from "../config/mod.ts";

/** Options of {@linkcode powerToDb} (`librosa.power_to_db` with `ref=np.max`). */
export interface PowerToDbOptions {
  /** Floor before the logarithm. @default {1e-10} */
  amin?: number;
  /** Keep at most this many dB below the peak; `null` keeps all. @default {80} */
  topDb?: number | null;
}

/**
 * Converts power to decibels relative to the array's maximum, as
 * `librosa.power_to_db(S, ref=np.max, amin, top_db)`: 10·log10(max(amin, S))
 * − 10·log10(max(amin, max S)), floored at (max − topDb).
 *
 * @param power Non-negative values, any shape (flat).
 * @param options Floor and dynamic range.
 * @returns New array of the same length, in dB, with maximum 0.
 *
 * @example
 * ```ts
 * import { powerToDb } from "./power_to_db.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const db = powerToDb(new Float32Array([1, 0.1, 1e-12]));
 * assertEquals(Array.from(db, (v) => Math.round(v)), [0, -10, -80]);
 * ```
 */
export function powerToDb(power: Float32Array, options: PowerToDbOptions = {}): Float32Array {
  const { amin = DEFAULT_CONFIG.features.amin, topDb = DEFAULT_CONFIG.features.topDb } = options;
  if (!(amin > 0)) {
    throw new RangeError(
      `Cannot convert power to dB as amin must be > 0: current value is ${amin}`,
    );
  }
  if (topDb !== null && !(topDb >= 0)) {
    throw new RangeError(
      `Cannot convert power to dB as topDb must be >= 0: current value is ${topDb}`,
    );
  }
  let peak = -Infinity;
  for (let i = 0; i < power.length; i++) if (power[i] > peak) peak = power[i];
  const ref = 10 * Math.log10(Math.max(amin, peak));
  const out = new Float32Array(power.length);
  let maxDb = -Infinity;
  for (let i = 0; i < power.length; i++) {
    const db = 10 * Math.log10(Math.max(amin, power[i])) - ref;
    out[i] = db;
    if (out[i] > maxDb) maxDb = out[i];
  }
  if (topDb !== null) {
    const floor = maxDb - topDb;
    for (let i = 0; i < out.length; i++) if (out[i] < floor) out[i] = floor;
  }
  return out;
}
