import { assertAlmostEquals, assertEquals, assertRejects } from "@std/assert";
import { initBackend } from "../backend/mod.ts";
import { join } from "node:path";
import { encodeWav } from "../audio/mod.ts";
import { predictFile } from "./predict_file.ts";
import { type FileResult, predictFiles } from "./predict_files.ts";
import { tinyModel, tone } from "./_testing.ts";

// tfjs's pure-JS backend, quietly: the tiny models need nothing faster.
await initBackend({ path: "cpu", log: null });

const folder = tinyModel();

Deno.test("predictFiles() batches windows across files and keeps input order", async () => {
  const dir = await Deno.makeTempDir();
  const paths: string[] = [];
  for (const [i, seconds] of [0.6, 2.5, 0.7, 0, 1.2, 0.6].entries()) {
    const path = join(dir, `${i}.wav`);
    paths.push(path);
    if (seconds === 0) await Deno.writeTextFile(path, "not audio");
    else await Deno.writeFile(path, encodeWav([tone(seconds, 16000, 200 + 150 * i)], 16000));
  }
  const seen: number[] = [];
  for (const batchSize of [1, 3, 32]) {
    seen.length = 0;
    const results = await predictFiles(folder, paths, {
      batchSize,
      onResult: (_: FileResult, index: number) => seen.push(index),
    });
    assertEquals(seen, [0, 1, 2, 3, 4, 5]);
    assertEquals(results.map((r) => r.file), paths);
    assertEquals(results[3].error?.reason, "not a WAV file (no RIFF/WAVE header)");
    for (const i of [0, 1, 2, 4, 5]) {
      const one = await predictFile(folder, paths[i]);
      const many = results[i].prediction!;
      assertEquals(many.windows.length, one.windows.length);
      for (const [label, p] of Object.entries(one.probabilities)) {
        assertAlmostEquals(many.probabilities[label], p, 1e-6);
      }
    }
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("predictFiles() refuses a bad hop", async () => {
  await assertRejects(() => predictFiles(folder, [], { hop: 0 }), RangeError, "hop must be > 0");
});
