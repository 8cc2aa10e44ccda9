import { assertEquals, assertRejects } from "@std/assert";
import { join } from "node:path";
import { officialPaths, tinyWav, wavFiles, withTempDir, writeFiles } from "./_testing.ts";
import { scanRavdess } from "./scan.ts";

Deno.test("scanRavdess() lists a subset of actors in the official layout, sorted", async () => {
  await withTempDir("serlab_scan_", async (dir) => {
    // Written in reverse so that the order found does not come from the writes.
    const paths = officialPaths([14, 3], 4);
    await writeFiles(dir, wavFiles(paths.toReversed()));
    const { clips, skipped } = await scanRavdess(dir);
    assertEquals(skipped, []);
    assertEquals(
      clips.map((clip) => clip.path),
      [...officialPaths([3], 4), ...officialPaths([14], 4)].map((path) => join(dir, path)),
    );
    assertEquals(clips[0], {
      path: join(dir, "Actor_03/03-01-01-01-01-01-03.wav"),
      modality: "audio-only",
      vocalChannel: "speech",
      emotion: "neutral",
      emotionCode: 1,
      intensity: "normal",
      statement: 1,
      repetition: 1,
      actor: 3,
      gender: "male",
    });
    assertEquals(clips.at(-1)!.gender, "female");
    assertEquals(clips.at(-1)!.emotion, "calm");
  });
});

Deno.test("scanRavdess() reads WAVs lying directly in the folder", async () => {
  await withTempDir("serlab_scan_", async (dir) => {
    const names = ["03-01-05-02-02-02-20.wav", "03-01-05-02-02-01-01.wav"];
    await writeFiles(dir, wavFiles(names));
    const { clips } = await scanRavdess(dir);
    assertEquals(clips.map((clip) => [clip.path, clip.actor]), [
      [join(dir, names[1]), 1],
      [join(dir, names[0]), 20],
    ]);
  });
});

Deno.test("scanRavdess() skips and reports what is not a RAVDESS speech WAV", async () => {
  await withTempDir("serlab_scan_", async (dir) => {
    const wav = tinyWav(0);
    const files = new Map<string, Uint8Array>([
      ["Actor_01/03-01-02-01-01-01-01.wav", wav],
      ["Actor_01/03-02-02-01-01-01-01.wav", wav], // song
      ["Actor_01/03-01-02-01-01-01-02.wav", wav], // actor 2 in Actor_01
      ["Actor_01/notes.txt", new Uint8Array(3)],
      ["Actor_01/.DS_Store", new Uint8Array(3)],
      ["Actor_01/extra/03-01-03-01-01-01-01.wav", wav],
      ["03-01-02-01-01-01-01.wav", wav], // same name as in Actor_01
      ["03-01-09-01-01-01-01.wav", wav], // emotion 09
      ["Audio_Song_Actors/03-02-01-01-01-01-01.wav", wav],
    ]);
    await writeFiles(dir, files);
    const { clips, skipped } = await scanRavdess(dir);
    assertEquals(clips.map((clip) => clip.path), [join(dir, "Actor_01/03-01-02-01-01-01-01.wav")]);
    assertEquals(skipped, [
      {
        path: join(dir, "03-01-02-01-01-01-01.wav"),
        reason: `duplicate of ${join(dir, "Actor_01/03-01-02-01-01-01-01.wav")}`,
      },
      {
        path: join(dir, "03-01-09-01-01-01-01.wav"),
        reason:
          "Cannot parse RAVDESS name 03-01-09-01-01-01-01.wav as emotion must be 01-08: current value is 09",
      },
      { path: join(dir, "Actor_01/.DS_Store"), reason: "hidden or macOS metadata file" },
      {
        path: join(dir, "Actor_01/03-01-02-01-01-01-02.wav"),
        reason: "belongs to actor 2 but lies in Actor_01",
      },
      {
        path: join(dir, "Actor_01/03-02-02-01-01-01-01.wav"),
        reason:
          "Cannot parse RAVDESS name 03-02-02-01-01-01-01.wav as vocal channel must be 01 (speech): current value is 02",
      },
      { path: join(dir, "Actor_01/extra"), reason: "folder not read" },
      { path: join(dir, "Actor_01/notes.txt"), reason: "not a WAV file" },
      { path: join(dir, "Audio_Song_Actors"), reason: "not an Actor_NN folder" },
    ]);
  });
});

Deno.test("scanRavdess() reads names only, not the WAV bytes", async () => {
  await withTempDir("serlab_scan_", async (dir) => {
    await Deno.writeTextFile(join(dir, "03-01-04-02-01-02-11.wav"), "not a WAV");
    const { clips } = await scanRavdess(dir);
    assertEquals(clips.map((clip) => [clip.emotion, clip.intensity, clip.actor]), [
      ["sad", "strong", 11],
    ]);
  });
});

Deno.test("scanRavdess() keeps only the actors asked for", async () => {
  await withTempDir("serlab_scan_", async (dir) => {
    await writeFiles(dir, wavFiles(officialPaths([1, 2, 3], 2)));
    const { clips } = await scanRavdess(dir, { actors: [3, 1] });
    assertEquals(clips.map((clip) => clip.actor), [1, 1, 3, 3]);
    await assertRejects(
      () => scanRavdess(dir, { actors: [24] }),
      Error,
      `Cannot scan RAVDESS as the folder holds no speech clip of actors 24 (03-01-*.wav; skipped: 0): current value is ${dir}`,
    );
  });
});

Deno.test("scanRavdess() names the folder when it is missing, a file, or holds no clip", async () => {
  await withTempDir("serlab_scan_", async (dir) => {
    const missing = join(dir, "nope");
    await assertRejects(
      () => scanRavdess(missing),
      Deno.errors.NotFound,
      `as it does not exist (install it with \`deno task data\`): current value is ${missing}`,
    );
    const file = join(dir, "file.wav");
    await Deno.writeFile(file, tinyWav(1));
    await assertRejects(
      () => scanRavdess(file),
      TypeError,
      `as it is not a folder: current value is ${file}`,
    );
    const songs = join(dir, "songs");
    await writeFiles(songs, wavFiles(["Actor_01/03-02-01-01-01-01-01.wav", "readme.md"]));
    await assertRejects(
      () => scanRavdess(songs),
      Error,
      `Cannot scan RAVDESS as the folder holds no speech clip (03-01-*.wav; skipped: 2): current value is ${songs}`,
    );
  });
});
