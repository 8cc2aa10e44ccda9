/**
 * `deno task data` end to end: a small zip in the official layout, made of
 * real 16-bit PCM WAVs, served by a real HTTP server on 127.0.0.1.
 */
import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { join } from "node:path";
import { decodeWav } from "../lib/audio/mod.ts";
import {
  type InstallProgress,
  installRavdess,
  type InstallRavdessOptions,
} from "../lib/dataset/mod.ts";
import {
  exists,
  officialPaths,
  serveFile,
  wavFiles,
  withTempDir,
  writeFiles,
  zipFiles,
} from "../lib/dataset/_testing.ts";
import { repoRoot, runCli } from "./cli.ts";
import { type Requirement, testWith } from "./requirements.ts";

const CLIPS = wavFiles(officialPaths([1, 2, 24], 3));
const README = new TextEncoder().encode("RAVDESS speech, actors 01, 02, 24\n");
const FILES = new Map([...CLIPS, ["README.txt", README]]);
const ZIP = zipFiles(FILES);
const EXPECTED_ACTORS = [
  { actor: 1, gender: "male", clips: 3 },
  { actor: 2, gender: "female", clips: 3 },
  { actor: 24, gender: "female", clips: 3 },
];

const verify: InstallRavdessOptions["verify"] = (path, bytes) =>
  decodeWav(bytes, { path, frameCount: 0 });

/** Every file under `dir`, as sorted `/`-separated relative paths. */
async function listTree(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(join(dir, prefix))) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory) files.push(...await listTree(dir, path));
    else files.push(path);
  }
  return files.sort();
}

/** Asserts that `dir` holds exactly the fixture clips, and that nothing else is left around it. */
async function assertInstalled(dir: string): Promise<void> {
  assertEquals(await listTree(dir), [...CLIPS.keys()].sort());
  for (const [path, bytes] of CLIPS) {
    assertEquals(await Deno.readFile(join(dir, path)), bytes, path);
  }
  for (const suffix of [".partial", ".old", ".download"]) {
    assertEquals(await exists(dir + suffix), false, `${dir}${suffix} is left over`);
  }
}

Deno.test("installRavdess() installs the zip served over HTTP", async () => {
  const server = serveFile(() => ZIP);
  await withTempDir("serlab_data_task_", async (tmp) => {
    const dir = join(tmp, "data", "ravdess");
    const events: InstallProgress[] = [];
    const result = await installRavdess({
      dir,
      url: server.url,
      verify,
      onProgress: (event) => events.push(event),
    });
    await assertInstalled(dir);
    assertEquals(result.actors, EXPECTED_ACTORS);
    assertEquals(result.clips, 9);
    assertEquals(result.skipped, [{
      path: `${join(tmp, "data", "ravdess.download", "ravdess.zip")}:README.txt`,
      reason: "not a WAV file",
    }]);
    assertEquals(result.source, server.url);
    assertEquals(result.download?.bytes, ZIP.length);
    const last = (phase: string) => events.findLast((event) => event.phase === phase);
    assertEquals(last("download"), { phase: "download", done: ZIP.length, total: ZIP.length });
    assertEquals(last("unpack"), { phase: "unpack", done: 9, total: 9 });
  }).finally(() => server.close());
});

Deno.test("installRavdess() resumes after the server drops the connection half way", async () => {
  const server = serveFile(() => ZIP, { drop: [0] });
  await withTempDir("serlab_data_task_", async (tmp) => {
    const dir = join(tmp, "ravdess");
    await assertRejects(
      () => installRavdess({ dir, url: server.url, verify }),
      Error,
      "run again to resume",
    );
    assertEquals(await exists(dir), false);
    assertEquals(await exists(`${dir}.partial`), false);
    const kept = (await Deno.stat(join(`${dir}.download`, "ravdess.zip.part"))).size;
    assert(kept > 0 && kept < ZIP.length, `kept ${kept} of ${ZIP.length} bytes`);

    const result = await installRavdess({ dir, url: server.url, verify });
    assertEquals(server.requests.map((r) => [r.range, r.status]), [
      [null, 200],
      [`bytes=${kept}-`, 206],
    ]);
    assertEquals(result.download?.reused, kept);
    await assertInstalled(dir);
  }).finally(() => server.close());
});

Deno.test("installRavdess() refuses a corrupt zip, keeps the old dir and drops the download", async () => {
  // Stored, not deflated: only the CRC-32 check can see the flipped sample.
  const good = zipFiles(CLIPS, 0);
  const corrupt = good.slice();
  const header = new DataView(good.buffer);
  const firstData = 30 + header.getUint16(26, true) + header.getUint16(28, true);
  corrupt[firstData + 60] ^= 0x10; // a PCM sample of the first entry, past its 44-byte header
  let serving: Uint8Array = corrupt;
  const server = serveFile(() => serving);
  await withTempDir("serlab_data_task_", async (tmp) => {
    const dir = join(tmp, "ravdess");
    await assertRejects(
      () => installRavdess({ dir, url: server.url, verify }),
      Error,
      "is corrupt (CRC-32 mismatch); the download was deleted",
    );
    for (const suffix of ["", ".partial", ".download"]) {
      assertEquals(await exists(dir + suffix), false, `${dir}${suffix} exists`);
    }

    serving = good;
    await installRavdess({ dir, url: server.url, verify });
    // Downloaded anew, not resumed from the corrupt bytes.
    assertEquals(server.requests.map((r) => r.range), [null, null]);
    await assertInstalled(dir);

    serving = corrupt;
    await assertRejects(() => installRavdess({ dir, url: server.url, verify }), Error, "CRC-32");
    await assertInstalled(dir);
  }).finally(() => server.close());
});

Deno.test("installRavdess() installs from a local zip and from a local folder", async (t) => {
  await withTempDir("serlab_data_task_", async (tmp) => {
    const zip = join(tmp, "Audio_Speech_Actors_01-24.zip");
    await Deno.writeFile(zip, ZIP);
    await t.step("zip", async () => {
      const dir = join(tmp, "from-zip");
      const result = await installRavdess({ dir, from: zip, verify });
      assertEquals([result.actors, result.source, result.download], [EXPECTED_ACTORS, zip, null]);
      await assertInstalled(dir);
      assertEquals(await Deno.readFile(zip), ZIP);
    });
    await t.step("folder in the official layout", async () => {
      const folder = join(tmp, "official");
      await writeFiles(folder, FILES);
      const dir = join(tmp, "from-folder");
      const result = await installRavdess({ dir, from: folder, verify });
      assertEquals(result.actors, EXPECTED_ACTORS);
      assertEquals(result.skipped, [{
        path: join(folder, "README.txt"),
        reason: "not a WAV file",
      }]);
      await assertInstalled(dir);
    });
    await t.step("folder of loose WAVs", async () => {
      const folder = join(tmp, "loose");
      await writeFiles(
        folder,
        new Map([...CLIPS].map(([path, bytes]) => [path.split("/")[1], bytes])),
      );
      const dir = join(tmp, "from-loose");
      await installRavdess({ dir, from: folder, verify });
      await assertInstalled(dir);
    });
  });
});

Deno.test("installRavdess() replaces an existing dir with the new clips only", async () => {
  await withTempDir("serlab_data_task_", async (tmp) => {
    const dir = join(tmp, "ravdess");
    await writeFiles(dir, wavFiles(officialPaths([5], 2)));
    const zip = join(tmp, "actors.zip");
    await Deno.writeFile(zip, ZIP);
    await installRavdess({ dir, from: zip, verify });
    await assertInstalled(dir);
  });
});

Deno.test("installRavdess() refuses a clip that fails verification, naming it", async () => {
  await withTempDir("serlab_data_task_", async (tmp) => {
    const zip = join(tmp, "bad.zip");
    const bad = "Actor_02/03-01-06-02-01-01-02.wav";
    await Deno.writeFile(zip, zipFiles(new Map([...CLIPS, [bad, README]])));
    const dir = join(tmp, "ravdess");
    await assertRejects(
      () => installRavdess({ dir, from: zip, verify }),
      Error,
      `Cannot install RAVDESS as a clip failed verification: Cannot read ${zip}:${bad}: not a WAV file`,
    );
    assertEquals(await exists(dir), false);
    assertEquals(await exists(`${dir}.partial`), false);
    assertEquals(await Deno.readFile(zip).then((b) => b.length > 0), true);
  });
});

Deno.test("deno task data prints help, a one-line error and exit code 1, and the counts", async (t) => {
  await t.step("--help", async () => {
    const run = await runCli("cli/data.ts", ["--help"]);
    assertEquals(run.code, 0);
    assertStringIncludes(run.stdout, "Usage: deno task data [--from <zip|folder> | --url <url>]");
    assertStringIncludes(run.stdout, "[data/ravdess]");
  });
  await withTempDir("serlab_data_task_", async (tmp) => {
    const cases: [string, string[], string][] = [
      [
        "a --from path that does not exist",
        ["--from", join(tmp, "missing.zip"), "--dir", join(tmp, "d")],
        `error: Cannot install RAVDESS as the source does not exist: current value is ${
          join(tmp, "missing.zip")
        }`,
      ],
      [
        "an unknown flag",
        ["--form", "x.zip"],
        "error: Cannot parse arguments as unknown option --form",
      ],
      [
        "a --from file that is not a zip",
        ["--from", join(tmp, "notes.txt"), "--dir", join(tmp, "d")],
        `error: Cannot unpack ${join(tmp, "notes.txt")} as it is not a zip file`,
      ],
    ];
    await Deno.writeTextFile(join(tmp, "notes.txt"), "hello");
    for (const [name, args, message] of cases) {
      await t.step(name, async () => {
        const run = await runCli("cli/data.ts", args);
        assertEquals(run.code, 1);
        const lines = run.stderr.trim().split("\n");
        assertStringIncludes(lines.at(-1)!, message);
        assertEquals(lines.filter((line) => line.startsWith("error:")).length, 1);
        assert(!/^\s+at /m.test(run.stderr), `stack trace printed:\n${run.stderr}`);
        assertEquals(await exists(join(tmp, "d")), false);
      });
    }
    await t.step("--from a zip", async () => {
      const zip = join(tmp, "ravdess.zip");
      await Deno.writeFile(zip, ZIP);
      const dir = join(tmp, "installed");
      const run = await runCli("cli/data.ts", ["--from", zip, "--dir", dir]);
      assertEquals(run.code, 0, run.stderr);
      assertStringIncludes(run.stdout, `Installed 9 RAVDESS speech clips of 3 actors into ${dir}`);
      assertMatch(run.stdout, /^01 +male +3$/m);
      assertMatch(run.stdout, /^24 +female +3$/m);
      assertMatch(run.stdout, /^total +9$/m);
      assertStringIncludes(run.stdout, `${zip}:README.txt: not a WAV file`);
      // Not a terminal: plain progress lines, no cursor control.
      assertMatch(run.stderr, /^unpack +100% +9\/9 clips/m);
      assert(!run.stderr.includes("\x1b["), "escape codes in non-TTY output");
      await assertInstalled(dir);
    });
  });
});

/** The shared RAVDESS zip (actors 01-20) and its manifest, from `../shared/ravdess`. */
function sharedRavdessZip(): Requirement<string> {
  const dir = join(repoRoot, "..", "shared", "ravdess");
  let found = false;
  try {
    found = Deno.statSync(join(dir, "manifest.tsv")).isFile;
  } catch { /* missing */ }
  return { name: "shared RAVDESS zip", value: found ? dir : null, hint: "needs ../shared/ravdess" };
}

testWith(
  "deno task data installs the shared RAVDESS zip byte for byte, 60 clips per actor",
  sharedRavdessZip(),
  async (shared) => {
    await withTempDir("serlab_data_task_", async (tmp) => {
      const dir = join(tmp, "ravdess");
      const zip = join(shared, "Audio_Speech_Actors_01-20.zip");
      const run = await runCli("cli/data.ts", ["--from", zip, "--dir", dir]);
      assertEquals(run.code, 0, run.stderr);
      assertStringIncludes(run.stdout, "Installed 1200 RAVDESS speech clips of 20 actors");
      for (let actor = 1; actor <= 20; actor++) {
        const gender = actor % 2 === 1 ? "male" : "female";
        assertMatch(
          run.stdout,
          new RegExp(`^${String(actor).padStart(2, "0")} +${gender} +60$`, "m"),
        );
      }
      assertMatch(run.stdout, /^total +1200$/m);
      const manifest = (await Deno.readTextFile(join(shared, "manifest.tsv"))).trim().split("\n");
      const rows = manifest.slice(1).map((line) => line.split("\t"));
      assertEquals(rows.length, 1200);
      assertEquals((await listTree(dir)).length, 1200);
      for (const row of rows) {
        const digest = await crypto.subtle.digest(
          "SHA-256",
          await Deno.readFile(join(dir, row[0])),
        );
        const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(
          "",
        );
        assertEquals(hex, row.at(-1), row[0]);
      }
    });
  },
);
