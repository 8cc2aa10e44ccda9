/**
 * The "3x" feature pipeline: log-mels of originals and augmented versions
 * ({@linkcode computeFeatures}) on worker threads, through an on-disk
 * {@linkcode FeatureCache}. It sits above `lib/features` and `lib/augment`
 * (which itself uses the STFT of `lib/features`), so data flows one way:
 * audio → features → augment → pipeline.
 *
 * @example Features of one clip, without a cache
 * ```ts
 * import { computeFeatures } from "./mod.ts";
 * import { encodeWav } from "../audio/mod.ts";
 * import { withConfig } from "../config/mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const tone = Float32Array.from({ length: 22050 }, (_, n) => 0.5 * Math.sin(n / 5));
 * await Deno.writeFile(`${dir}/a.wav`, encodeWav([tone], 22050));
 * const config = withConfig({ audio: { offset: 0, duration: 1 }, features: { nMels: 32 } });
 * const features = await computeFeatures(
 *   [{ path: `${dir}/a.wav`, version: "original", gender: "male" }],
 *   config,
 *   { workers: 1, cacheDir: null },
 * );
 * assertEquals(features.shape, [1, 32, 44]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./cache.ts";
export * from "./pipeline.ts";
