import { basename, join, resolve } from "node:path";
import { isKFold } from "./_format.ts";
import type { EpochLog, KFoldMetrics, RunConfig, RunMetrics, RunRecord } from "./_types.ts";
import { readJsonIfPresent } from "../_fs/mod.ts";

/**
 * Reads a run folder: `metrics.json` (required), `config.json` and
 * `history.json`. For a K-fold run (its `metrics.json` has `folds`), the epoch
 * logs are those of `fold-1/ … fold-K/` in fold order, and the settings those
 * of the parent's `config.json`, else of the first fold's less its `fold`
 * field. A missing
 * `config.json` gives `{}`, a missing `history.json` no epoch log.
 *
 * @param runDir The run folder, e.g. `runs/cnn-1`.
 * @returns The run, named after its folder.
 * @throws {Deno.errors.NotFound} No `metrics.json` in the folder.
 * @throws {SyntaxError} A file that is not valid JSON.
 *
 * @example A single run without history
 * ```ts
 * import { readRun } from "./read_run.ts";
 * import { tinyMetrics } from "./_testing.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = `${await Deno.makeTempDir()}/cnn-1`;
 * await Deno.mkdir(dir);
 * await Deno.writeTextFile(`${dir}/metrics.json`, JSON.stringify(tinyMetrics()));
 * const run = await readRun(dir);
 * assertEquals([run.name, run.config, run.histories], ["cnn-1", {}, []]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readRun(runDir: string): Promise<RunRecord> {
  const metrics = await readJsonIfPresent<RunMetrics | KFoldMetrics>(join(runDir, "metrics.json"));
  if (metrics === null) {
    throw new Deno.errors.NotFound(
      `Cannot read run as metrics.json is missing: current path is ${join(runDir, "metrics.json")}`,
    );
  }
  const name = basename(resolve(runDir));
  if (!isKFold(metrics)) {
    const history = await readJsonIfPresent<EpochLog[]>(join(runDir, "history.json"));
    const config = await readJsonIfPresent<RunConfig>(join(runDir, "config.json"));
    return { name, config: config ?? {}, metrics, histories: history ? [history] : [] };
  }
  const folds: { n: number; dir: string }[] = [];
  for await (const entry of Deno.readDir(runDir)) {
    const match = /^fold-(\d+)$/.exec(entry.name);
    if (entry.isDirectory && match) {
      folds.push({ n: Number(match[1]), dir: join(runDir, entry.name) });
    }
  }
  folds.sort((a, b) => a.n - b.n);
  const histories: EpochLog[][] = [];
  for (const fold of folds) {
    histories.push((await readJsonIfPresent<EpochLog[]>(join(fold.dir, "history.json"))) ?? []);
  }
  let config = await readJsonIfPresent<RunConfig>(join(runDir, "config.json"));
  if (config === null && folds.length > 0) {
    const first = await readJsonIfPresent<RunConfig>(join(folds[0].dir, "config.json"));
    if (first !== null) {
      const { fold: _, ...shared } = first; // the run is all folds, not fold 1
      config = shared;
    }
  }
  return { name, config: config ?? {}, metrics, histories };
}
