import { assertEquals, assertRejects } from "@std/assert";
import { readRun } from "./read_run.ts";
import { tinyConfig, tinyHistory, tinyMetrics, writeTinyRun } from "./_testing.ts";

Deno.test("readRun() reads a single run folder", async () => {
  const root = await Deno.makeTempDir();
  try {
    await writeTinyRun(`${root}/cnn-1`);
    const run = await readRun(`${root}/cnn-1/`);
    assertEquals(run.name, "cnn-1");
    assertEquals(run.config, tinyConfig());
    assertEquals(run.metrics, tinyMetrics());
    assertEquals(run.histories, [tinyHistory(6)]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("readRun() reads a K-fold run's folds in numeric order, settings from fold 1", async () => {
  const root = await Deno.makeTempDir();
  try {
    await writeTinyRun(`${root}/cv`, { folds: 11 });
    await Deno.mkdir(`${root}/cv/fold-notes`);
    const run = await readRun(`${root}/cv`);
    assertEquals(run.histories.map((h) => h.length), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const { fold, ...shared } = tinyConfig(1);
    assertEquals([fold, run.config], [1, shared]);
    assertEquals("folds" in run.metrics && run.metrics.folds.length, 11);
    await Deno.writeTextFile(`${root}/cv/config.json`, JSON.stringify({ protocol: "k-fold" }));
    await Deno.remove(`${root}/cv/fold-3/history.json`);
    const again = await readRun(`${root}/cv`);
    assertEquals(again.config, { protocol: "k-fold" });
    assertEquals(again.histories[2], []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("readRun() rejects a folder without metrics.json and a file that is not JSON", async () => {
  const root = await Deno.makeTempDir();
  try {
    await assertRejects(() => readRun(root), Deno.errors.NotFound, "metrics.json is missing");
    await Deno.writeTextFile(`${root}/metrics.json`, "{ nope");
    await assertRejects(() => readRun(root), SyntaxError, "is not valid JSON");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
