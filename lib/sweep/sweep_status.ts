import { join } from "node:path";
import { exists, isRunComplete, lastLine, taskLogPath } from "./_files.ts";
import type { SweepSpec } from "./types.ts";

/** Where a task stands, as its folders show it. */
export interface TaskStatus {
  /** The task index. */
  index: number;
  /** Its run folder holds `metrics.json` and `model/serlab.json`. */
  complete: boolean;
  /** It has run before (its log exists) without completing: failed, cancelled or still running. */
  attempted: boolean;
  /** The last line of its log that is not blank; `null` without a log. */
  lastLine: string | null;
}

/**
 * The status of each task of a sweep, from its run folder and its log
 * (`logs/task-<i>.log`). It cannot tell a task that failed from one still
 * running: an executor knows that.
 *
 * @param dir The sweep folder.
 * @param spec Its `sweep.json`.
 * @returns One status per task, in task order.
 *
 * @example A sweep nothing has run yet
 * ```ts
 * import { planSweep, sweepStatus, writeSweep } from "./mod.ts";
 * import { withConfig } from "../config/mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = `${await Deno.makeTempDir()}/sweep`;
 * const spec = planSweep({ config: withConfig(), data: "/data/ravdess" }, { folds: 2 });
 * await writeSweep(dir, spec);
 * await Deno.writeTextFile(`${dir}/logs/task-1.log`, "started\nerror: out of memory\n");
 * assertEquals(await sweepStatus(dir, spec), [
 *   { index: 0, complete: false, attempted: false, lastLine: null },
 *   { index: 1, complete: false, attempted: true, lastLine: "error: out of memory" },
 * ]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function sweepStatus(dir: string, spec: SweepSpec): Promise<TaskStatus[]> {
  return await Promise.all(spec.tasks.map(async (task) => {
    const complete = await isRunComplete(join(dir, task.runDir));
    const log = taskLogPath(dir, task.index);
    const attempted = !complete && await exists(log);
    return {
      index: task.index,
      complete,
      attempted,
      lastLine: attempted ? await lastLine(log) : null,
    };
  }));
}
