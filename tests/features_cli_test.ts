import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { clipLogMel } from "../lib/features/mod.ts";
import { encodeWav } from "../lib/audio/mod.ts";
import { testWith } from "./requirements.ts";
import { numpyPython, runCli } from "./cli.ts";

const tone = (hz: number) =>
  Float32Array.from(
    { length: 48000 * 4 },
    (_, n) => 0.3 * Math.sin((2 * Math.PI * hz * n) / 48000),
  );

async function fixture(): Promise<{ dir: string; good: string[]; bad: string }> {
  const dir = await Deno.makeTempDir({ prefix: "serlab-features-" });
  await Deno.mkdir(join(dir, "in", "sub"), { recursive: true });
  const good = [join(dir, "in", "a.wav"), join(dir, "in", "sub", "b.wav")];
  await Deno.writeFile(good[0], encodeWav([tone(440)], 48000));
  await Deno.writeFile(good[1], encodeWav([tone(880), tone(220)], 44100, { bitDepth: "24" }));
  const bad = join(dir, "in", "broken.wav");
  await Deno.writeTextFile(bad, "this is not audio");
  return { dir, good, bad };
}

Deno.test("deno task features writes .npy per clip and one error line per bad file", async () => {
  const { dir, good } = await fixture();
  const out = join(dir, "out");
  const run = await runCli("cli/features.ts", [
    join(dir, "in"),
    "--out",
    out,
    "--json",
    "--n-mels",
    "64",
  ]);
  assertEquals(run.code, 1, run.stderr);
  const errors = run.stderr.trim().split("\n");
  assertEquals(errors.length, 1, run.stderr);
  assertStringIncludes(errors[0], "broken.wav");
  assertStringIncludes(errors[0], "not a WAV");
  const lines = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assertEquals(lines.map((l) => l.shape), [[64, 130], [64, 130]]);
  for (const [i, name] of ["a", "b"].entries()) {
    const bytes = await Deno.readFile(join(out, `${name}.npy`));
    const headerLength = new DataView(bytes.buffer).getUint16(8, true);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    assertStringIncludes(header, "'shape': (64, 130)");
    const body = new Float32Array(bytes.slice(10 + headerLength).buffer);
    const expected = clipLogMel(await Deno.readFile(good[i]), { nMels: 64 });
    assertEquals(body, expected.data);
  }
});

Deno.test("deno task features --help and bad flags", async () => {
  const help = await runCli("cli/features.ts", ["--help"]);
  assertEquals(help.code, 0);
  assertStringIncludes(help.stdout, "--offset");
  const bad = await runCli("cli/features.ts", ["x.wav", "--out", "/tmp/x", "--n-mels", "many"]);
  assertEquals(bad.code, 1);
  assertEquals(bad.stderr.trim().split("\n").length, 1);
  assertStringIncludes(bad.stderr, "--n-mels");
});

testWith("deno task features output loads in NumPy", numpyPython(), async (python) => {
  const { dir } = await fixture();
  const out = join(dir, "out");
  await runCli("cli/features.ts", [join(dir, "in", "a.wav"), "--out", out]);
  const cmd = await new Deno.Command(python, {
    args: [
      "-c",
      `import numpy as np; a = np.load("${
        join(out, "a.npy")
      }"); print(a.dtype, a.shape, a.flags["C_CONTIGUOUS"], float(a.max()))`,
    ],
    stdout: "piped",
  }).output();
  const text = new TextDecoder().decode(cmd.stdout).trim();
  assertEquals(text, "float32 (128, 130) True 0.0");
  assert(cmd.success);
});

Deno.test("deno task features --augment exports seeded noise and gender pitch versions", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serlab-augment-" });
  const male = join(dir, "03-01-05-01-01-01-03.wav"); // actor 03: male
  await Deno.writeFile(male, encodeWav([tone(300)], 48000));
  const run = (out: string, seed: string) =>
    runCli("cli/features.ts", [
      male,
      "--out",
      join(dir, out),
      "--augment",
      "noise",
      "--augment",
      "gender-pitch",
      "--seed",
      seed,
      "--wav",
    ]);
  for (const [out, seed] of [["a", "1"], ["b", "1"], ["c", "2"]]) {
    const result = await run(out, seed);
    assertEquals(result.code, 0, result.stderr);
  }
  const read = (out: string, suffix: string) =>
    Deno.readFile(join(dir, out, `03-01-05-01-01-01-03${suffix}`));
  assertEquals(await read("a", ".noise.npy"), await read("b", ".noise.npy"));
  const a = await read("a", ".noise.npy");
  const c = await read("c", ".noise.npy");
  assert(a.some((v, i) => v !== c[i]), "a different seed gives different noise");
  assertEquals((await read("a", ".pitch+2.5.npy")).length, a.length);
  assert((await read("a", ".pitch+2.5.wav")).length > 44);
});
