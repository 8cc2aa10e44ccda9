/**
 * Test helper: voice-like RAVDESS-named WAV clips, so that pipeline and cache
 * tests run without the dataset.
 *
 * @module
 */
import { join } from "node:path";
import { encodeWav } from "../audio/mod.ts";
import type { AugmentVersion } from "../config/mod.ts";
import type { FeatureItem } from "./pipeline.ts";

const VERSIONS: AugmentVersion[] = ["original", "noise", "pitch"];

/**
 * Writes `count` clips into `dir` (actor `c + 1`, odd actors male, emotion
 * `c % 8 + 1`) and returns one feature item per clip and "3x" version.
 */
export async function writeClips(dir: string, count: number): Promise<FeatureItem[]> {
  const items: FeatureItem[] = [];
  const rate = 48000;
  for (let c = 0; c < count; c++) {
    const actor = c + 1;
    const f0 = actor % 2 ? 110 + 7 * c : 190 + 9 * c;
    const signal = new Float32Array(Math.round(1.3 * rate));
    let phase = 0;
    for (let n = 0; n < signal.length; n++) {
      const t = n / rate;
      phase += (2 * Math.PI * f0 * (1 + 0.1 * Math.sin(2 * Math.PI * 0.7 * t))) / rate;
      let y = 0;
      for (let h = 1; h <= 12; h++) y += Math.sin(h * phase) / h;
      signal[n] = 0.25 * y * Math.sin(Math.PI * ((t * 3) % 1)) ** 2;
    }
    const path = join(dir, `03-01-0${(c % 8) + 1}-01-01-01-${String(actor).padStart(2, "0")}.wav`);
    await Deno.writeFile(path, encodeWav([signal], rate));
    for (const version of VERSIONS) {
      items.push({ path, version, gender: actor % 2 ? "male" : "female" });
    }
  }
  return items;
}
