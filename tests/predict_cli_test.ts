import { assert, assertAlmostEquals, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { decodeWav, encodeWav, resample } from "../lib/audio/mod.ts";
import { initBackend } from "../lib/backend/mod.ts";
import { DEFAULT_CONFIG } from "../lib/config/mod.ts";
import { EMOTIONS } from "../lib/dataset/names.ts";
import { saveModelFolder } from "../lib/model/mod.ts";
import { computeFeatures } from "../lib/pipeline/mod.ts";
import {
  loadPredictor,
  predictFeatures,
  predictFile,
  predictFiles,
  windowStarts,
} from "../lib/predict/mod.ts";
import { rawWav, saveTestModel, tinyModel, tone } from "../lib/predict/_testing.ts";
import { needsRavdess, ravdessDir, testWith } from "./requirements.ts";
import { type CliRun, repoRoot, runCli } from "./cli.ts";

interface JsonLine {
  file: string;
  emotion?: string;
  probabilities?: Record<string, number>;
  windows?: {
    start: number;
    end: number;
    emotion: string;
    probabilities: Record<string, number>;
  }[];
  warnings?: string[];
  error?: string;
}

/** A temp folder with a small model of the real input shape (normalised on two RAVDESS clips when present). */
let made: Promise<{ dir: string; model: string }> | undefined;
const fixture = () => made ??= makeFixture();

async function makeFixture(): Promise<{ dir: string; model: string }> {
  const dir = await Deno.makeTempDir({ prefix: "serlab-predict-" });
  const ravdess = ravdessDir();
  const clips = ravdess
    ? ["Actor_01/03-01-01-01-01-01-01.wav", "Actor_02/03-01-05-02-01-01-02.wav"].map((c) =>
      join(ravdess, c)
    )
    : [];
  await initBackend({ log: null });
  const model = join(dir, "model");
  await saveTestModel(model, clips);
  globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
  return { dir, model };
}

const predict = (args: string[]) => runCli("cli/predict.ts", args);
const jsonLines = (run: CliRun): JsonLine[] =>
  run.stdout.trim().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
const errorLines = (run: CliRun) => run.stderr.trim().split("\n").filter((l) => l !== "");

function assertClose(
  actual: Record<string, number>,
  expected: ArrayLike<number>,
  tolerance: number,
) {
  assertEquals(Object.keys(actual), [...EMOTIONS]);
  EMOTIONS.forEach((e, i) => assertAlmostEquals(actual[e], expected[i], tolerance, e));
}

function assertNoStack(run: CliRun) {
  assert(!/\n\s+at /.test(run.stderr), `no stack trace: ${run.stderr}`);
}

/** The shortest and longest RAVDESS clips, a stereo one and a plain one. */
async function ravdessClips(dir: string): Promise<string[]> {
  const clips: { path: string; seconds: number; channels: number }[] = [];
  for await (const actor of Deno.readDir(dir)) {
    if (!actor.isDirectory) continue;
    for await (const entry of Deno.readDir(join(dir, actor.name))) {
      const path = join(dir, actor.name, entry.name);
      const head = decodeWav(await Deno.readFile(path), { frameCount: 0 });
      clips.push({ path, seconds: head.totalFrames / head.sampleRate, channels: head.channels });
    }
  }
  clips.sort((a, b) => a.seconds - b.seconds || a.path.localeCompare(b.path));
  const stereo = clips.find((c) => c.channels > 1);
  return [clips[0], clips.at(-1)!, clips[100], ...(stereo ? [stereo] : [])].map((c) => c.path);
}

testWith(
  "deno task predict gives each RAVDESS clip one window and the probabilities of the evaluation call",
  needsRavdess(),
  async (dir) => {
    const { model } = await fixture();
    const files = await ravdessClips(dir);
    const run = await predict(["--model", model, "--json", ...files.flatMap((f) => ["--file", f])]);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stderr, "");
    const lines = jsonLines(run);
    assertEquals(lines.map((l) => l.file), files);
    for (const line of lines) {
      assertEquals(line.windows, undefined, `${line.file}: one window`);
      const top = Object.entries(line.probabilities!).sort((a, b) => b[1] - a[1])[0][0];
      assertEquals(line.emotion, top);
    }

    // Evaluation's batch call on the pipeline's features (as prepareData computes them).
    const folder = await loadPredictor(model);
    const items = files.map((path) => ({
      path,
      version: "original" as const,
      gender: "male" as const,
    }));
    const features = await computeFeatures(items, DEFAULT_CONFIG, { workers: 1, cacheDir: null });
    const rows = await predictFeatures(folder, features.data);
    lines.forEach((line, i) => assertClose(line.probabilities!, rows[i], 1e-5));
    // The batch form over files, and the one-file call, agree too.
    const batch = await predictFiles(folder, files);
    batch.forEach((r, i) => assertClose(r.prediction!.probabilities, rows[i], 1e-5));
    const one = await predictFile(folder, files[0]);
    assertClose(one.probabilities, rows[0], 1e-5);
    const spread = Math.max(...rows[0]) - Math.min(...rows[0]);
    assert(spread > 0.1, "the test model's probabilities are spread out");

    // The table: the longest clip's window is the training one; the shortest ends with the clip.
    const table = await predict(["--model", model, "--timeline", "--file", files[1], files[0]]);
    assertEquals(table.code, 0, table.stderr);
    const [header, row, window, , shortWindow] = table.stdout.trimEnd().split("\n");
    assertStringIncludes(header, "file");
    for (const emotion of EMOTIONS) assertStringIncludes(header, emotion);
    assert(row.startsWith(files[1]), row);
    assertStringIncludes(row, lines[1].emotion!);
    assertStringIncludes(row, lines[1].probabilities![lines[1].emotion!].toFixed(3));
    assertStringIncludes(window, "0.50-3.50 s");
    assertStringIncludes(shortWindow, "0.50-2.94 s");
  },
);

testWith(
  "deno task predict slides windows every 1.5 s over a 44.1 kHz stereo file and a 30 s file",
  needsRavdess(),
  async (dir) => {
    const { dir: tmp, model } = await fixture();
    // Clips of actor 01, joined at their own 48 kHz into 30 s, and into 10.2 s at 44.1 kHz.
    const actor = join(dir, "Actor_01");
    const names = [...Deno.readDirSync(actor)].map((e) => e.name).sort().slice(0, 12);
    const parts = await Promise.all(
      names.map(async (n) => decodeWav(await Deno.readFile(join(actor, n))).samples),
    );
    const joined = (rate: number, seconds: number, from: number) => {
      const out = new Float32Array(Math.round(seconds * rate));
      let at = 0;
      for (let i = from; at < out.length; i++) {
        const part = rate === 48000
          ? parts[i % parts.length]
          : resample(parts[i % parts.length], 48000, rate);
        out.set(part.subarray(0, out.length - at), at);
        at += part.length;
      }
      return out;
    };
    const long = join(tmp, "thirty-seconds.wav");
    await Deno.writeFile(long, encodeWav([joined(48000, 30, 0)], 48000));
    const stereo = join(tmp, "stereo-44k.wav");
    await Deno.writeFile(
      stereo,
      encodeWav([joined(44100, 10.2, 3), joined(44100, 10.2, 7)], 44100, { bitDepth: "24" }),
    );

    const run = await predict(["--model", model, "--json", "--file", long, "--file", stereo]);
    assertEquals(run.code, 0, run.stderr);
    const [a, b] = jsonLines(run);
    const folder = await loadPredictor(model);
    for (const [line, seconds] of [[a, 30], [b, 10.2]] as const) {
      const count = Math.round((seconds - 0.5 - 3) / 1.5); // 18 and 4
      assertEquals(line.windows!.length, count, line.file);
      assertEquals(windowStarts(seconds).length, count);
      line.windows!.forEach((w, k) => {
        assertEquals(w.start, 0.5 + 1.5 * k);
        assertAlmostEquals(w.end, 0.5 + 1.5 * k + 3, 1e-9);
      });
      for (const emotion of EMOTIONS) {
        const mean = line.windows!.reduce((s, w) => s + w.probabilities[emotion], 0) /
          line.windows!.length;
        assertAlmostEquals(line.probabilities![emotion], mean, 1e-6);
      }
      const lib = await predictFile(folder, line.file);
      assertClose(line.probabilities!, EMOTIONS.map((e) => lib.probabilities[e]), 1e-5);
    }
    assertEquals([a.windows!.length, b.windows!.length], [18, 4]);

    const timeline = await predict(["--model", model, "--timeline", "--file", stereo]);
    assertEquals(timeline.code, 0, timeline.stderr);
    const rows = timeline.stdout.trimEnd().split("\n");
    assertEquals(rows.length, 2 + 4);
    assertStringIncludes(rows[2], "0.50-3.50 s");
    assertStringIncludes(rows[5], "5.00-8.00 s");
  },
);

Deno.test("deno task predict names each bad input in one line and still predicts the others", async () => {
  const { dir, model } = await fixture();
  const bad = join(dir, "bad");
  await Deno.mkdir(join(bad, "no-wavs"), { recursive: true });
  await Deno.writeTextFile(join(bad, "no-wavs", "notes.txt"), "no audio here");
  const good = join(bad, "good.wav");
  await Deno.writeFile(good, encodeWav([tone(4, 48000, 220)], 48000));
  const wav = encodeWav([tone(1, 16000)], 16000);
  const cases: [string, Uint8Array | null, string][] = [
    ["text.wav", new TextEncoder().encode("a text file renamed .wav"), "not a WAV file"],
    ["truncated.wav", wav.subarray(0, wav.length / 2), "truncated"],
    ["zero-frames.wav", encodeWav([new Float32Array(0)], 16000), "zero samples"],
    ["alaw.wav", rawWav({ code: 6, bits: 8 }, new Uint8Array(8000)), "unsupported encoding"],
    ["float24.wav", rawWav({ code: 3, bits: 24 }, new Uint8Array(24000)), "unsupported encoding"],
    ["missing.wav", null, "no such file"],
  ];
  for (const [name, bytes] of cases) if (bytes) await Deno.writeFile(join(bad, name), bytes);
  const args = [
    "--model",
    model,
    ...cases.flatMap(([name]) => ["--file", join(bad, name)]),
    "--file",
    good,
    "--dir",
    join(bad, "no-wavs"),
    "--dir",
    join(bad, "no-such-folder"),
  ];
  const expected: [string, string][] = [
    [join(bad, "no-wavs"), "folder holds no .wav file"],
    [join(bad, "no-such-folder"), "no such folder"],
    ...cases.map(([name, , reason]) => [join(bad, name), reason] as [string, string]),
  ];

  const json = await predict([...args, "--json"]);
  assertEquals(json.code, 1, json.stderr);
  assertNoStack(json);
  const stderr = errorLines(json);
  assertEquals(stderr.length, expected.length, json.stderr);
  expected.forEach(([path, reason], i) => {
    assert(stderr[i].startsWith(`error: ${path}: `), stderr[i]);
    assertStringIncludes(stderr[i], reason);
  });
  const lines = jsonLines(json);
  assertEquals(lines.length, expected.length + 1);
  const errors = lines.filter((l) => l.error !== undefined);
  assertEquals(errors.map((l) => l.file), expected.map(([path]) => path));
  errors.forEach((l, i) => assertStringIncludes(l.error!, expected[i][1]));
  const predicted = lines.find((l) => l.file === good)!;
  assertEquals(Object.keys(predicted.probabilities!), [...EMOTIONS]);
  assertEquals(predicted.error, undefined);

  const table = await predict(args);
  assertEquals(table.code, 1);
  assertEquals(errorLines(table).length, expected.length);
  const rows = table.stdout.trimEnd().split("\n");
  assertEquals(rows.length, 2, table.stdout); // header and the good file
  assert(rows[1].startsWith(good));
});

Deno.test("deno task predict warns on near-silent input and still predicts it", async () => {
  const { dir, model } = await fixture();
  const quiet = join(dir, "quiet.wav");
  await Deno.writeFile(quiet, encodeWav([tone(3, 22050, 300, 0.0002)], 22050, { bitDepth: "32f" }));
  const run = await predict(["--model", model, "--json", "--file", quiet]);
  assertEquals(run.code, 0, run.stderr);
  const [warning] = errorLines(run);
  assert(warning.startsWith(`warning: ${quiet}: near-silent (peak -`), warning);
  const [line] = jsonLines(run);
  assertEquals(line.warnings?.length, 1);
  assertEquals(Object.keys(line.probabilities!), [...EMOTIONS]);
});

Deno.test("deno task predict refuses an unusable model folder in one line", async (t) => {
  const { dir, model } = await fixture();
  const input = join(dir, "input.wav");
  await Deno.writeFile(input, encodeWav([tone(3.2, 48000)], 48000));
  const broken = join(dir, "no-serlab-json");
  await Deno.mkdir(broken, { recursive: true });
  for (const name of ["model.json", "weights.bin"]) {
    await Deno.copyFile(join(model, name), join(broken, name));
  }
  const tiny = tinyModel();
  const incompatible = join(dir, "incompatible");
  await saveModelFolder(tiny.model, incompatible, {
    ...tiny.metadata,
    inputShape: [128, 130, 1],
    audio: DEFAULT_CONFIG.audio,
    features: DEFAULT_CONFIG.features,
  });
  const cases: [string, string, string][] = [
    ["without serlab.json", broken, "not a serlab model folder"],
    ["missing", join(dir, "no-model"), "no such folder"],
    ["incompatible", incompatible, "incompatible model: the model takes input [16,33,1]"],
  ];
  for (const [name, folder, reason] of cases) {
    await t.step(name, async () => {
      const run = await predict(["--model", folder, "--file", input]);
      assertEquals(run.code, 1, run.stderr);
      assertEquals(run.stdout, "");
      const lines = errorLines(run);
      assertEquals(lines.length, 1, run.stderr);
      assert(lines[0].startsWith(`error: ${folder}: `), lines[0]);
      assertStringIncludes(lines[0], reason);
      assertNoStack(run);
    });
  }
  await t.step("the default, models/reference", async () => {
    const run = await predict(["--file", input]);
    const present = await Deno.stat(join(repoRoot, "models", "reference")).then(
      () => true,
      () => false,
    );
    if (present) {
      assertEquals(run.code, 0, run.stderr);
    } else {
      assertEquals(run.code, 1);
      assertEquals(errorLines(run).length, 1);
      assertStringIncludes(run.stderr, "models/reference");
      assertStringIncludes(run.stderr, "deno task train");
      assertStringIncludes(run.stderr, "--model runs/<name>/model");
    }
  });
});

Deno.test("deno task predict --help, and usage errors exit 2 in one line", async () => {
  const help = await predict(["--help"]);
  assertEquals(help.code, 0);
  for (
    const text of [
      "--file",
      "--dir",
      "--model",
      "--json",
      "--timeline",
      "round((T - 0.5 - 3) / 1.5)",
    ]
  ) {
    assertStringIncludes(help.stdout, text);
  }
  for (const args of [[], ["--json"], ["--bogus"], ["--file"]]) {
    const run = await predict(args);
    assertEquals(run.code, 2, `${args}: ${run.stderr}`);
    assertEquals(errorLines(run).length, 1, run.stderr);
    assert(run.stderr.startsWith("error: "));
  }
});
