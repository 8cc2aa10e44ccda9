/**
 * `deno task train` as a user runs it: a smoke run and its run folder, the
 * saved model reloaded, resume after SIGINT and SIGKILL ending bit-identical
 * to an uninterrupted run, and one clear line for each bad input.
 */
import { assert, assertEquals, assertLess, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { initBackend } from "../lib/backend/mod.ts";
import { clipLogMel } from "../lib/features/mod.ts";
import { loadModelFolder } from "../lib/model/mod.ts";
import { parsePredictionsCsv } from "../lib/eval/mod.ts";
import * as tf from "@tensorflow/tfjs";
import { needsRavdess, testWith } from "./requirements.ts";
import { assertOneErrorLine, repoRoot, runCli } from "./cli.ts";

/** A tiny run: 4 actors, small widths, 3 epochs (~10 s with a warm cache). */
const SMALL = ["--actors", "1-4", "--widths", "4,8,8,8", "--epochs", "3", "--seed", "7"];

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "serlab-train-" });
}

testWith(
  "deno task train writes a complete run folder whose model reloads",
  needsRavdess(),
  async (data) => {
    const dir = await tempDir();
    const out = join(dir, "run");
    const run = await runCli("cli/train.ts", ["--data", data, "--out", out, ...SMALL]);
    assertEquals(run.code, 0, run.stderr);
    assertMatch(
      run.stdout,
      /epoch 3\/3 +loss [\d.]+ +acc [\d.]+ +val_loss [\d.]+ +val_acc [\d.]+ +lr /,
    );
    assertStringIncludes(run.stdout, "accuracy");
    assertStringIncludes(run.stdout, "male − female gap");
    assertStringIncludes(run.stdout, "serlab backend:");
    for (
      const file of [
        "config.json",
        "split.json",
        "history.json",
        "metrics.json",
        "predictions.csv",
        "train.log",
      ]
    ) {
      await Deno.stat(join(out, file));
    }
    const config = JSON.parse(await Deno.readTextFile(join(out, "config.json")));
    assertEquals(config.settings.config.model.widths, [4, 8, 8, 8]);
    assertMatch(config.settings.dataHash, /^[0-9a-f]{64}$/);
    assert(config.backend.line.startsWith("serlab backend:"));
    assertEquals(typeof config.versions.tfjs, "string");
    const split = JSON.parse(await Deno.readTextFile(join(out, "split.json")));
    const subsets = [split.train, split.validation, split.test] as string[][];
    assertEquals(new Set(subsets.flat()).size, subsets.flat().length, "a file in two subsets");
    assertEquals(subsets.flat().length, 240);
    const history = JSON.parse(await Deno.readTextFile(join(out, "history.json")));
    assertEquals(history.map((e: { epoch: number }) => e.epoch), [1, 2, 3]);
    const metrics = JSON.parse(await Deno.readTextFile(join(out, "metrics.json")));
    assertEquals(metrics.n, split.test.length);
    assertEquals(metrics.confusion.flat().reduce((a: number, b: number) => a + b, 0), metrics.n);

    // The saved model, reloaded in this process, gives the probabilities the run recorded.
    await initBackend({ log: null });
    const { model, metadata } = await loadModelFolder(join(out, "model"));
    const records = parsePredictionsCsv(await Deno.readTextFile(join(out, "predictions.csv")));
    assertEquals(records.length, split.test.length);
    const { mean, std } = metadata.normalization;
    let worst = 0;
    for (const record of records.slice(0, 12)) {
      const mel = clipLogMel(await Deno.readFile(join(data, record.file)));
      const x = tf.tensor4d(mel.data.map((v) => (v - mean) / std), [1, mel.nMels, mel.nFrames, 1]);
      const y = model.predict(x) as tf.Tensor;
      const p = y.dataSync();
      tf.dispose([x, y]);
      record.probabilities.forEach((q, c) => (worst = Math.max(worst, Math.abs(q - p[c]))));
    }
    model.dispose();
    assertLess(worst, 1e-6, `largest difference ${worst}`);
    await Deno.remove(dir, { recursive: true });
  },
);

/** Starts a run, waits for its first epoch line, then sends `signal` at once: during epoch 2 (or its checkpoint). */
async function interruptedRun(data: string, out: string, signal: Deno.Signal): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(repoRoot, "cli/train.ts"), "--data", data, "--out", out, ...SMALL],
    cwd: repoRoot,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/epoch 1\/3 .*\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  child.kill(signal);
  (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })();
  return (await child.status).code;
}

testWith(
  "deno task train --resume after SIGINT or SIGKILL ends bit-identical to an uninterrupted run",
  needsRavdess(),
  async (data) => {
    const dir = await tempDir();
    const straight = join(dir, "straight");
    const full = await runCli("cli/train.ts", ["--data", data, "--out", straight, ...SMALL]);
    assertEquals(full.code, 0, full.stderr);
    const expected = {
      weights: await Deno.readFile(join(straight, "model", "weights.bin")),
      metrics: await Deno.readTextFile(join(straight, "metrics.json")),
      predictions: await Deno.readTextFile(join(straight, "predictions.csv")),
    };
    for (const signal of ["SIGINT", "SIGKILL"] as const) {
      const out = join(dir, signal);
      const code = await interruptedRun(data, out, signal);
      assertEquals(code, signal === "SIGINT" ? 130 : 137, `${signal} exit code`);
      // Interrupted before the end of the run: a checkpoint of an earlier epoch, and no model.
      const state = JSON.parse(await Deno.readTextFile(join(out, "checkpoint", "state.json")));
      assert(
        state.epoch === 1 || state.epoch === 2,
        `${signal}: checkpoint of epoch ${state.epoch}`,
      );
      await Deno.stat(join(out, "model")).then(
        () => assert(false, `${signal}: a model folder was written`),
        () => {},
      );
      const again = await runCli("cli/train.ts", [
        "--data",
        data,
        "--out",
        out,
        ...SMALL,
        "--resume",
      ]);
      assertEquals(again.code, 0, again.stderr);
      assertStringIncludes(again.stdout, `resumed after epoch ${state.epoch}`);
      // The config keeps the command that started the run; the log adds the resume.
      const config = JSON.parse(await Deno.readTextFile(join(out, "config.json")));
      assert(!config.command.includes("--resume"), config.command);
      assertStringIncludes(await Deno.readTextFile(join(out, "train.log")), "--resume");
      assertEquals(
        await Deno.readFile(join(out, "model", "weights.bin")),
        expected.weights,
        signal,
      );
      assertEquals(await Deno.readTextFile(join(out, "metrics.json")), expected.metrics, signal);
      assertEquals(
        await Deno.readTextFile(join(out, "predictions.csv")),
        expected.predictions,
        signal,
      );
    }
    await Deno.remove(dir, { recursive: true });
  },
);

testWith(
  "deno task train: one line and exit 1 for each bad input",
  needsRavdess(),
  async (data, t) => {
    const dir = await tempDir();
    const empty = join(dir, "empty");
    await Deno.mkdir(empty);
    const existing = join(dir, "existing");
    await Deno.mkdir(existing);
    await Deno.writeTextFile(join(dir, "file"), "");
    const cases: [string, string[], string][] = [
      ["data folder missing", ["--data", join(dir, "nowhere")], "deno task data"],
      ["data folder empty", ["--data", empty], "deno task data"],
      ["unknown protocol", ["--protocol", "speakers"], "--protocol must be random or actors"],
      ["unknown augmentation", ["--augment", "original,reverb"], 'unknown version "reverb"'],
      ["--folds < 2", ["--folds", "1"], "--folds must be at least 2"],
      [
        "--folds > actors",
        ["--folds", "5", "--actors", "1-4"],
        "number of actors (4): current value is 5",
      ],
      ["--fold out of range", ["--folds", "5", "--fold", "6"], "--fold must be from 1 to 5"],
      ["existing run folder", ["--out", existing], "--resume"],
      ["unwritable run folder", ["--out", join(dir, "file", "run")], "Cannot write the run folder"],
    ];
    for (const [name, args, message] of cases) {
      await t.step(name, async () => {
        const all = [
          "--data",
          data,
          "--actors",
          "1-4",
          "--epochs",
          "1",
          "--widths",
          "2,2,2,2",
          "--out",
          join(dir, "run-" + name.replace(/\W+/g, "-")),
          ...args,
        ];
        assertOneErrorLine(await runCli("cli/train.ts", all), message);
      });
    }
    await t.step("--resume with a changed setting names the key", async () => {
      const out = join(dir, "changed");
      const first = await runCli("cli/train.ts", [
        "--data",
        data,
        "--out",
        out,
        ...SMALL,
        "--epochs",
        "1",
      ]);
      assertEquals(first.code, 0, first.stderr);
      const run = await runCli("cli/train.ts", [
        "--data",
        data,
        "--out",
        out,
        ...SMALL,
        "--epochs",
        "1",
        "--lr",
        "0.01",
        "--resume",
      ]);
      assertEquals(run.code, 1);
      assertStringIncludes(run.stderr, "config.train.learningRate");
    });
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test("deno task train --help lists every flag", async () => {
  const help = await runCli("cli/train.ts", ["--help"]);
  assertEquals(help.code, 0);
  for (
    const flag of [
      "--protocol",
      "--folds",
      "--fold",
      "--split",
      "--resume",
      "--augment",
      "--no-gender-rule",
      "--quick",
    ]
  ) {
    assertStringIncludes(help.stdout, flag);
  }
});
