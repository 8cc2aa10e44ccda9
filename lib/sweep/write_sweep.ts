import { dirname, join } from "node:path";
import { writeJsonAtomic } from "../train/mod.ts";
import type { SweepSpec } from "./types.ts";

/**
 * Creates a sweep folder: the folder itself (which must not exist yet, so
 * two sweeps never share one), `sweep.json`, and `logs/` for the tasks' logs.
 *
 * @param dir The sweep folder, e.g. `sweeps/20261203-101500`; its parents are created.
 * @param spec What {@linkcode planSweep} returned.
 * @throws {Deno.errors.AlreadyExists} The folder exists (the message says to pass `--resume`).
 *
 * @example Write, then read back
 * ```ts
 * import { planSweep, readSweep, writeSweep } from "./mod.ts";
 * import { withConfig } from "../config/mod.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * const dir = `${await Deno.makeTempDir()}/sweep`;
 * const spec = planSweep({ config: withConfig(), data: "/data/ravdess" }, { folds: 2 });
 * await writeSweep(dir, spec);
 * assertEquals(await readSweep(dir), spec);
 * await assertRejects(() => writeSweep(dir, spec), Deno.errors.AlreadyExists, "--resume");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeSweep(dir: string, spec: SweepSpec): Promise<void> {
  await Deno.mkdir(dirname(dir), { recursive: true });
  try {
    await Deno.mkdir(dir);
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) {
      throw new Deno.errors.AlreadyExists(
        `Cannot create the sweep folder as it exists: pass --resume ${dir} to continue that sweep, or --out for another folder`,
      );
    }
    throw error;
  }
  await Deno.mkdir(join(dir, "logs"));
  await writeJsonAtomic(join(dir, "sweep.json"), spec);
}
