/**
 * The RAVDESS speech set: what its file names say ({@linkcode parseRavdessName},
 * with {@linkcode EMOTIONS} as the class-label order), which clips a folder
 * holds ({@linkcode scanRavdess}), and how to install it from the official
 * zip, a local zip or a folder ({@linkcode installRavdess}, which downloads
 * with the resumable {@linkcode downloadFile}).
 *
 * `deno task data` runs {@linkcode installRavdess} with serlab's WAV decoder as
 * its `verify` callback; this module does not depend on `lib/audio`.
 *
 * @example Label a clip found in a folder
 * ```ts
 * import { EMOTIONS, scanRavdess } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/03-01-04-01-01-01-09.wav`, "");
 * const { clips } = await scanRavdess(dir);
 * assertEquals(EMOTIONS.indexOf(clips[0].emotion), 3);
 * assertEquals(clips[0].emotion, "sad");
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./names.ts";
export * from "./scan.ts";
export * from "./download.ts";
export * from "./install.ts";
export * from "./splits.ts";
export * from "./folds.ts";
export * from "./list_wav_files.ts";
export * from "./augmentation_leakage.ts";
