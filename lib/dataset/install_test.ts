import { assertEquals, assertRejects } from "@std/assert";
import { join } from "node:path";
import {
  exists,
  officialPaths,
  tinyWav,
  wavFiles,
  withTempDir,
  writeFiles,
  zipFiles,
} from "./_testing.ts";
import { installRavdess } from "./install.ts";

async function writeZip(path: string, files: Map<string, Uint8Array>): Promise<string> {
  await Deno.writeFile(path, zipFiles(files));
  return path;
}

Deno.test("installRavdess() refuses bad options before touching anything", async (t) => {
  await withTempDir("serlab_install_", async (tmp) => {
    const zip = await writeZip(join(tmp, "a.zip"), wavFiles(officialPaths([1], 1)));
    await t.step("url and from", async () => {
      await assertRejects(
        () => installRavdess({ dir: join(tmp, "d"), from: zip, url: "http://127.0.0.1:9/x.zip" }),
        TypeError,
        "Cannot install RAVDESS as url and from exclude each other",
      );
    });
    await t.step("empty dir", async () => {
      await assertRejects(
        () => installRavdess({ dir: "", from: zip }),
        TypeError,
        "dir must not be empty",
      );
    });
    await t.step("dir is a file", async () => {
      await assertRejects(
        () => installRavdess({ dir: zip, from: zip }),
        TypeError,
        `Cannot install RAVDESS into a file: current value is ${zip}`,
      );
    });
    await t.step("from inside dir", async () => {
      const dir = join(tmp, "ravdess");
      await writeFiles(dir, wavFiles(officialPaths([2], 1)));
      await assertRejects(
        () => installRavdess({ dir, from: join(dir, "Actor_02") }),
        TypeError,
        `from inside the folder it replaces (${dir})`,
      );
      assertEquals(await exists(join(dir, officialPaths([2], 1)[0])), true);
    });
    await t.step("from does not exist", async () => {
      await assertRejects(
        () => installRavdess({ dir: join(tmp, "d"), from: join(tmp, "nope.zip") }),
        Deno.errors.NotFound,
        `Cannot install RAVDESS as the source does not exist: current value is ${
          join(tmp, "nope.zip")
        }`,
      );
    });
    assertEquals(await exists(join(tmp, "d")), false);
  });
});

Deno.test("installRavdess() refuses a WAV it cannot use, naming it", async (t) => {
  const cases: [string, string, string][] = [
    [
      "song clip",
      "Actor_01/03-02-01-01-01-01-01.wav",
      "cannot be used: Cannot parse RAVDESS name 03-02-01-01-01-01-01.wav as vocal channel must be 01 (speech)",
    ],
    [
      "clip in another actor's folder",
      "Actor_01/03-01-02-01-01-01-03.wav",
      "cannot be used: belongs to actor 3 but lies in Actor_01",
    ],
    [
      "duplicate",
      "more/03-01-01-01-01-01-01.wav",
      "cannot be used: duplicate of",
    ],
  ];
  for (const [name, path, message] of cases) {
    await t.step(name, () =>
      withTempDir("serlab_install_", async (tmp) => {
        const files = wavFiles([...officialPaths([1], 2), path]);
        const zip = await writeZip(join(tmp, "a.zip"), files);
        const dir = join(tmp, "ravdess");
        await assertRejects(
          () => installRavdess({ dir, from: zip }),
          Error,
          `Cannot install RAVDESS as ${zip}:${path} ${message}`,
        );
        assertEquals(await exists(dir), false);
        assertEquals(await exists(`${dir}.partial`), false);
      }));
  }
});

Deno.test("installRavdess() skips folders, hidden and macOS entries and non-WAV files", async () => {
  await withTempDir("serlab_install_", async (tmp) => {
    const clips = wavFiles(
      officialPaths([3], 2).map((path) => `Audio_Speech_Actors_01-24/${path}`),
    );
    const zip = await writeZip(
      join(tmp, "a.zip"),
      new Map([
        ["Audio_Speech_Actors_01-24/", new Uint8Array(0)],
        ...clips,
        ["__MACOSX/Actor_03/._03-01-01-01-01-01-03.wav", new Uint8Array(4)],
        ["Audio_Speech_Actors_01-24/Actor_03/.hidden.wav", new Uint8Array(4)],
        ["licence.md", new Uint8Array(4)],
      ]),
    );
    const dir = join(tmp, "ravdess");
    const result = await installRavdess({ dir, from: zip });
    assertEquals(result.actors, [{ actor: 3, gender: "male", clips: 2 }]);
    assertEquals(result.skipped, [
      {
        path: `${zip}:__MACOSX/Actor_03/._03-01-01-01-01-01-03.wav`,
        reason: "hidden or macOS metadata file",
      },
      {
        path: `${zip}:Audio_Speech_Actors_01-24/Actor_03/.hidden.wav`,
        reason: "hidden or macOS metadata file",
      },
      { path: `${zip}:licence.md`, reason: "not a WAV file" },
    ]);
    for (const path of officialPaths([3], 2)) {
      assertEquals(
        await Deno.readFile(join(dir, path)),
        clips.get(`Audio_Speech_Actors_01-24/${path}`),
      );
    }
  });
});

Deno.test("installRavdess() refuses a source with no speech clip", async () => {
  await withTempDir("serlab_install_", async (tmp) => {
    const zip = await writeZip(
      join(tmp, "songs.zip"),
      new Map([["readme.txt", new Uint8Array(2)]]),
    );
    await assertRejects(
      () => installRavdess({ dir: join(tmp, "d"), from: zip }),
      Error,
      `Cannot install RAVDESS as the source holds no speech clip (03-01-*.wav; skipped: 1): current value is ${zip}`,
    );
    assertEquals(await exists(join(tmp, "d")), false);
  });
});

Deno.test("installRavdess() awaits an async verify and reports its rejection", async () => {
  await withTempDir("serlab_install_", async (tmp) => {
    const folder = join(tmp, "clips");
    await writeFiles(folder, wavFiles(officialPaths([4], 3)));
    const seen: string[] = [];
    const verify = async (path: string, bytes: Uint8Array) => {
      await Promise.resolve();
      seen.push(path);
      if (seen.length === 3) throw new Error(`${path} has ${bytes.length} bytes, too few`);
    };
    const dir = join(tmp, "ravdess");
    await assertRejects(
      () => installRavdess({ dir, from: folder, verify }),
      Error,
      `Cannot install RAVDESS as a clip failed verification: ${
        join(folder, officialPaths([4], 3)[2])
      } has ${tinyWav(0).length} bytes, too few`,
    );
    assertEquals(seen.length, 3);
    assertEquals(await exists(dir), false);
  });
});

Deno.test("installRavdess() ignores what an interrupted run left behind", async () => {
  await withTempDir("serlab_install_", async (tmp) => {
    const dir = join(tmp, "ravdess");
    await writeFiles(`${dir}.partial`, new Map([["Actor_09/junk.wav", new Uint8Array(1)]]));
    await writeFiles(`${dir}.old`, new Map([["Actor_09/old.wav", new Uint8Array(1)]]));
    const clips = wavFiles(officialPaths([9], 2));
    await installRavdess({ dir, from: await writeZip(join(tmp, "a.zip"), clips) });
    const installed: string[] = [];
    for await (const entry of Deno.readDir(join(dir, "Actor_09"))) installed.push(entry.name);
    assertEquals(installed.sort(), officialPaths([9], 2).map((path) => path.split("/")[1]));
    assertEquals([await exists(`${dir}.partial`), await exists(`${dir}.old`)], [false, false]);
  });
});
