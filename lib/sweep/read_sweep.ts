import { join } from "node:path";
import { SWEEP_FORMAT, type SweepSpec } from "./types.ts";

/**
 * Reads a sweep folder's `sweep.json`.
 *
 * @param dir The sweep folder.
 * @returns The sweep as {@linkcode writeSweep} wrote it.
 * @throws {Deno.errors.NotFound} The folder holds no `sweep.json`.
 * @throws {SyntaxError} `sweep.json` is not JSON, not of format `serlab-sweep/1`, or its task list is broken.
 *
 * @example A folder without a sweep
 * ```ts
 * import { readSweep } from "./read_sweep.ts";
 * import { assertRejects } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * await assertRejects(() => readSweep(dir), Deno.errors.NotFound, "sweep.json");
 * await Deno.remove(dir);
 * ```
 */
export async function readSweep(dir: string): Promise<SweepSpec> {
  const path = join(dir, "sweep.json");
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `Cannot read the sweep as its folder holds no sweep.json: current value is ${dir}`,
      );
    }
    throw error;
  }
  let spec: SweepSpec;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(
      `Cannot read the sweep as sweep.json is not JSON (${
        (error as Error).message
      }): current value is ${path}`,
    );
  }
  if (spec?.format !== SWEEP_FORMAT) {
    throw new SyntaxError(
      `Cannot read the sweep as sweep.json must be of format ${SWEEP_FORMAT}: current value is ${
        JSON.stringify(spec?.format)
      }`,
    );
  }
  if (
    !Array.isArray(spec.tasks) || !Array.isArray(spec.points) ||
    !spec.tasks.every((task, i) =>
      task?.index === i && typeof task.runDir === "string" && spec.points[task.point] !== undefined
    )
  ) {
    throw new SyntaxError(
      `Cannot read the sweep as its tasks must be numbered 0, 1, ... with a run folder and a point: current value is ${path}`,
    );
  }
  return spec;
}
